DROP TABLE refresh_tokens;
DROP TABLE person_roles;
DROP TABLE accounts;
