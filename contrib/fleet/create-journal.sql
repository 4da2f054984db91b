-- The fleet's job journal: a role and a database for it, created once by a PostgreSQL superuser:
--   sudo -u postgres psql -v password="'$(openssl rand -hex 24)'" -f contrib/fleet/create-journal.sql
-- GitReload creates and migrates its tables itself, on the first host's start.
CREATE ROLE gitreload LOGIN PASSWORD :password;
CREATE DATABASE gitreload OWNER gitreload ENCODING 'UTF8';
-- Every host connects as this role; allow them in pg_hba.conf, e.g. for a private network:
--   hostssl gitreload gitreload 10.0.0.0/8 scram-sha-256
-- Each host opens at most 21 connections (20 pooled and one that listens); raise max_connections
-- if hosts × 21 comes near it (100 by default).
