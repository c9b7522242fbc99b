#!/usr/bin/env bash
# Adds N projects, with their hosts, teams, mentors and N audit entries (at most 1,000,000),
# to a database the server has already migrated (and loaded the demo data into), directly
# in SQL: through the API, a million projects would take hours.
#   bench/seed.sh sqlite PATH N
#   bench/seed.sh postgres URL N
#
# The rows are what the server would write (db/models/*.rs): UUID text ids, fixed-width
# RFC 3339 UTC times, `search_text` as `db::search_text` builds it. What the list benchmark
# filters on has a fixed answer at every size, so that only the size of the data changes:
#   - common host (organisation 0): N/10 projects; rare host (organisation 10): 5;
#   - the bench member (person P) is on 5 teams; the bench mentor (mentor M) mentors 5;
#   - "zephyr" is in 5 titles; "green" in N/8;
#   - cohort 0 holds N/10, track 0 N/6, each status N/5.
# Ids are `0190bbbb-KIND-7000-8000-<12 digits>` (KIND: 0000 project, 0001 organisation,
# 0002 person, 0003 mentor's person, 0004 mentor, 0005 cohort, 0006 track, 0007 programme)
# and `0190aaaa-0000-7000-8000-<12 digits>` for audit entries; bench/run.sh relies on them.
set -euo pipefail

kind="${1:?usage: bench/seed.sh sqlite|postgres PATH|URL N}"
target="${2:?usage: bench/seed.sh sqlite|postgres PATH|URL N}"
n="${3:?usage: bench/seed.sh sqlite|postgres PATH|URL N}"
[[ "$n" =~ ^[0-9]+$ && "$n" -ge 100 ]] || { echo "N must be a whole number of at least 100" >&2; exit 2; }

# Fixed sizes of the things projects refer to; people and mentors grow with N.
orgs=1000
people=$((1000 + n / 10))     # P background people; person P is the bench member
mentors=$((100 + n / 100))    # M background mentors; mentor M is the bench mentor
audit=$((n < 1000000 ? n : 1000000))
stride=$((n / 5))              # the handful: i % stride = r and i / stride < 5

# --- the two SQL dialects ---------------------------------------------------------------
case "$kind" in
  sqlite)
    seq() { echo "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < $1)"; }
    pad() { echo "printf('%012d', $1)"; }
    # Seconds since 2024-06-01 (UTC) to the stored text form.
    at() { echo "strftime('%Y-%m-%dT%H:%M:%S.000000Z', 1717200000 + ($1), 'unixepoch')"; }
    sep="' ' || char(31) || ' '"
    columns() { sqlite3 "$target" "SELECT name || ' ' || (\"notnull\" AND dflt_value IS NULL) FROM pragma_table_info('$1')"; }
    run_sql() { sqlite3 -bail "$target" >/dev/null; }
    ;;
  postgres)
    seq() { echo "WITH s(i) AS (SELECT g FROM generate_series(0, $1 - 1) AS g)"; }
    pad() { echo "lpad(($1)::text, 12, '0')"; }
    at() { echo "to_char(to_timestamp(1717200000 + ($1)) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\".000000Z\"')"; }
    sep="' ' || chr(31) || ' '"
    columns() {
      psql -X -q -t -A -F ' ' "$target" -c "SELECT column_name, (is_nullable = 'NO' AND column_default IS NULL)::int
        FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '$1'"
    }
    run_sql() { psql -X -q -v ON_ERROR_STOP=1 "$target" >/dev/null; }
    ;;
  *) echo "unknown database kind '$kind' (sqlite or postgres)" >&2; exit 2 ;;
esac

id() { echo "'0190bbbb-$1-7000-8000-' || $(pad "$2")"; }

# CASE over a list of words (pick) or numbers (pick_number): pick EXPR WORD0 WORD1 ...
pick() {
  local k=0 out="CASE ($1) % $(($# - 1))"
  shift
  for w in "$@"; do out+=" WHEN $k THEN '$w'"; k=$((k + 1)); done
  echo "$out END"
}
pick_number() {
  local k=0 out="CASE ($1) % $(($# - 1))"
  shift
  for w in "$@"; do out+=" WHEN $k THEN $w"; k=$((k + 1)); done
  echo "$out END"
}
handful() { echo "(i % $stride = $1 AND i / $stride < 5)"; }

# Titles: 8 × 16 × 32 word combinations and the number, so that the list order is not the
# id order. First letters are ASCII, so SQLite's lower() lower-cases them as Rust does.
en_a=$(pick "i" Resilient Digital Green Open Smart Shared Rural Mobile)
en_b=$(pick "i / 8" clinic school library museum harbour market transit campus archive studio village forest river theatre hospital workshop)
en_c=$(pick "i / 128" logistics records tutoring outreach analytics scheduling training mapping funding design planning recycling catalogue booking translation mentoring reporting ticketing energy water safety access wellbeing heritage housing nutrition literacy coding robotics farming tourism careers)
lv_a=$(pick "i" Noturīga Digitāla Zaļa Atvērta Gudra Kopīga Lauku Mobila)
lv_b=$(pick "i / 8" klīnika skola bibliotēka muzejs osta tirgus satiksme pilsētiņa arhīvs studija ciems mežs upe teātris slimnīca darbnīca)
title_en="$en_a || ' ' || $en_b || ' ' || $en_c || CASE WHEN $(handful 4) THEN ' zephyr' ELSE '' END || ' ' || i"
title_lv="$lv_a || ' ' || $lv_b || ' ' || i"
project_id=$(id 0000 i)
status=$(pick "i / 3" proposed approved active completed cancelled)

# A column the schema has gained since this file was written: the projects' English title
# beside a link row (the sort key of a filtered list) is filled; any other required column
# is a change this seeder must learn, so it stops and says so.
extra_title() {
  local table="$1" known="$2" col req extra=""
  while read -r col req; do
    [[ -z "$col" ]] && continue
    [[ " $known " == *" $col "* ]] && continue
    if [[ "$col" == title_en ]]; then
      extra=", title_en"
    elif [[ "$req" == 1 ]]; then
      echo "bench/seed.sh: $table.$col is required and unknown to the seeder; teach it the column" >&2
      exit 1
    fi
  done < <(columns "$table")
  echo "$extra"
}
hosts_extra=$(extra_title project_hosts "project_id organisation_id position")
members_extra=$(extra_title project_members "project_id person_id role position")
mentors_extra=$(extra_title mentor_assignments "project_id mentor_id assigned_at")
extra_title projects "id cohort_id track_id slug title_lv title_en summary_lv summary_en status search_text version created_at updated_at" >/dev/null
extra_title audit_log "id at actor_kind actor_id action resource resource_id path fields request_id status" >/dev/null
extra_title people "id email full_name organisation_id position locale phone search_text version created_at updated_at" >/dev/null
extra_title mentors "id person_id title organisation_id bio_lv bio_en capacity sort_name search_text version created_at updated_at" >/dev/null
extra_title organisations "id slug name_lv name_en short_name kind partner_role parent_id website search_text version created_at updated_at" >/dev/null
# The value of such a column: the project's title, computed as for the project row.
with_title() { [[ -n "$1" ]] && echo ", $title_en"; true; }

now=$(at 0)
{
  if [[ "$kind" == sqlite ]]; then
    # A throw-away build (a failed one is seeded again): no need to survive a power cut
    # half-way, and a rollback journal is lighter than a WAL the size of the data.
    echo "PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;"
  fi
  cat <<SQL
BEGIN;
INSERT INTO programmes (id, slug, name_lv, name_en, summary_lv, summary_en, search_text, version, created_at, updated_at)
SELECT $(id 0007 0), 'bench-programme', 'Slodzes programma', 'Bench programme', NULL, NULL,
       'slodzes programma' || $sep || 'bench programme' || $sep || 'bench-programme', 1, $now, $now;

$(seq 10)
INSERT INTO cohorts (id, programme_id, slug, name_lv, name_en, starts_on, ends_on, capacity, venue, status, search_text, version, created_at, updated_at)
SELECT $(id 0005 i), $(id 0007 0), 'bench-cohort-' || i, 'Slodzes plūsma ' || i, 'Bench cohort ' || i,
       '2024-09-01', NULL, 1000000, NULL, 'running',
       'slodzes plūsma ' || i || $sep || 'bench cohort ' || i || $sep || 'bench-cohort-' || i, 1, $now, $now
FROM s;

$(seq 5)
INSERT INTO tracks (id, programme_id, slug, name_lv, name_en, kind, summary_lv, summary_en, search_text, version, created_at, updated_at)
SELECT $(id 0006 i), $(id 0007 0), 'bench-track-' || i, 'Slodzes virziens ' || i, 'Bench track ' || i, 'project', NULL, NULL,
       'slodzes virziens ' || i || $sep || 'bench track ' || i || $sep || 'bench-track-' || i, 1, $now, $now
FROM s;

$(seq $orgs)
INSERT INTO organisations (id, slug, name_lv, name_en, short_name, kind, partner_role, parent_id, website, search_text, version, created_at, updated_at)
SELECT $(id 0001 i), 'bench-org-' || i, 'Slodzes organizācija ' || i, 'Bench organisation ' || i, NULL,
       $(pick i university hospital company partner_lab business_school), NULL, NULL, NULL,
       'slodzes organizācija ' || i || $sep || 'bench organisation ' || i || $sep || 'bench-org-' || i, 1, $now, $now
FROM s;

$(seq $((people + 1)))
INSERT INTO people (id, email, full_name, organisation_id, position, locale, phone, search_text, version, created_at, updated_at)
SELECT $(id 0002 i), 'bench-person-' || i || '@bench.eil-hub.lv', 'Bench Person ' || i, $(id 0001 "i % $orgs"), NULL,
       CASE WHEN i % 3 = 0 THEN 'en' ELSE 'lv' END, NULL, 'bench person ' || i, 1, $now, $now
FROM s;

$(seq $((mentors + 1)))
INSERT INTO people (id, email, full_name, organisation_id, position, locale, phone, search_text, version, created_at, updated_at)
SELECT $(id 0003 i), 'bench-mentor-' || i || '@bench.eil-hub.lv', 'Bench Mentor ' || i, $(id 0001 "i % $orgs"), NULL,
       'en', NULL, 'bench mentor ' || i, 1, $now, $now
FROM s;

$(seq $((mentors + 1)))
INSERT INTO mentors (id, person_id, title, organisation_id, bio_lv, bio_en, capacity, sort_name, search_text, version, created_at, updated_at)
SELECT $(id 0004 i), $(id 0003 i), 'Mentor', $(id 0001 "i % $orgs"), NULL, NULL, 6, 'Bench Mentor ' || i,
       'bench mentor ' || i || $sep || 'mentor' || $sep, 1, $now, $now
FROM s;

$(seq "$n")
INSERT INTO projects (id, cohort_id, track_id, slug, title_lv, title_en, summary_lv, summary_en, status, search_text, version, created_at, updated_at)
SELECT $project_id, $(id 0005 "(i / 7) % 10"),
       CASE WHEN (i / 11) % 6 = 5 THEN NULL ELSE $(id 0006 "(i / 11) % 6") END,
       'bench-' || i, $title_lv, $title_en,
       'Slodzes projekts ' || i || ': īss mērķu, partneru un gaidāmo rezultātu apraksts.',
       'Bench project ' || i || ': a short account of its aims, partners and expected results.',
       $status, lower($title_lv) || $sep || lower($title_en) || $sep || 'bench-' || i,
       1, $(at "i * 60"), $(at "i * 60")
FROM s;

-- Hosts: a common one first (ten organisations share every project), a second for half of
-- them spread over the rare ones, organisation 10 for the handful.
$(seq "$n")
INSERT INTO project_hosts (project_id, organisation_id, position$hosts_extra)
SELECT $project_id, $(id 0001 "i % 10"), 0$(with_title "$hosts_extra") FROM s;
$(seq "$n")
INSERT INTO project_hosts (project_id, organisation_id, position$hosts_extra)
SELECT $project_id, CASE WHEN $(handful 1) THEN $(id 0001 10) ELSE $(id 0001 "11 + (i / 2) % $((orgs - 11))") END, 1$(with_title "$hosts_extra")
FROM s WHERE i % 2 = 1 OR $(handful 1);

$(seq "$n")
INSERT INTO project_members (project_id, person_id, role, position$members_extra)
SELECT $project_id, $(id 0002 "i % $people"), 'lead', 0$(with_title "$members_extra") FROM s;
$(seq "$n")
INSERT INTO project_members (project_id, person_id, role, position$members_extra)
SELECT $project_id, $(id 0002 "$people"), 'member', 1$(with_title "$members_extra") FROM s WHERE $(handful 2);

$(seq "$n")
INSERT INTO mentor_assignments (project_id, mentor_id, assigned_at$mentors_extra)
SELECT $project_id, $(id 0004 "(i / 2) % $mentors"), $(at "i * 60")$(with_title "$mentors_extra") FROM s WHERE i % 2 = 0;
$(seq "$n")
INSERT INTO mentor_assignments (project_id, mentor_id, assigned_at$mentors_extra)
SELECT $project_id, $(id 0004 "$mentors"), $(at "i * 60")$(with_title "$mentors_extra") FROM s WHERE $(handful 3);

-- The audit log: a month of writes by people and, now and then, a partner client.
$(seq "$audit")
INSERT INTO audit_log (id, at, actor_kind, actor_id, action, resource, resource_id, path, fields, request_id, status)
SELECT '0190aaaa-0000-7000-8000-' || $(pad i), $(at "i * 2"),
       CASE WHEN i % 20 = 0 THEN 'client' ELSE 'person' END,
       CASE WHEN i % 20 = 0 THEN $(id 0009 "i % 5") ELSE $(id 0002 "i % $people") END,
       $(pick "i % 10" update update update update update update update create create delete),
       'projects', $(id 0000 "i % $n"), '/api/v1/projects/' || $(id 0000 "i % $n"),
       $(pick "i % 10" summary title,summary status summary host_ids team summary '' '' ''),
       'bench-request-' || i,
       $(pick_number "i % 10" 200 200 200 200 200 200 200 201 201 204)
FROM s;
COMMIT;
ANALYZE;
SQL
  if [[ "$kind" == sqlite ]]; then
    echo "PRAGMA journal_mode = WAL;"
  fi
} | run_sql
if [[ "$kind" == postgres ]]; then
  # As autovacuum would leave it: the visibility map set, so index-only scans work.
  psql -X -q -v ON_ERROR_STOP=1 "$target" -c "VACUUM ANALYZE" >/dev/null
fi
