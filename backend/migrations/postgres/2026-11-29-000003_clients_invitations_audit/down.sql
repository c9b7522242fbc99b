DROP TABLE audit_log;
DROP TABLE invitations;
DROP TABLE api_clients;
