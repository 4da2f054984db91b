-- The fleet's job journal: a role and a database for it, created once by a PostgreSQL superuser.
-- The password is set with \set first (not on the command line, where ps would show it):
--   pw=$(openssl rand -hex 24); echo "the journal's password: $pw"
--   { printf "\\set password '%s'\n" "$pw"; cat contrib/fleet/create-journal.sql; } | sudo -u postgres psql -v ON_ERROR_STOP=1
-- Then JOURNAL_URL=postgresql://gitreload:$pw@<this server>:5432/gitreload on every host, in /etc/gitreload/fleet.env (contrib/fleet/fleet.env).
-- GitReload creates and migrates its tables itself, on the first host's start.
CREATE ROLE gitreload LOGIN PASSWORD :'password';
-- template0: UTF8 works whatever the cluster's own encoding (a cluster made under LANG=C is SQL_ASCII).
CREATE DATABASE gitreload OWNER gitreload ENCODING 'UTF8' TEMPLATE template0;
-- Every host connects as this role: make the server listen beyond loopback (listen_addresses = '*' in
-- postgresql.conf, then restart it) and allow the hosts in pg_hba.conf (then reload), e.g. for a private network:
--   hostssl gitreload gitreload 10.0.0.0/8 scram-sha-256
-- Each host opens at most 21 connections (20 pooled and one that listens); raise max_connections
-- if hosts x 21 comes near it (100 by default).
