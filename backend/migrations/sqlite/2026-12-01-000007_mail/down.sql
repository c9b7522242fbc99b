DROP TABLE password_resets;
ALTER TABLE people DROP COLUMN time_zone;
