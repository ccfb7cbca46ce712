-- Run once by the postgres image, on its first start (empty volume), as POSTGRES_USER. The state store uses the
-- database POSTGRES_DB (contactsync); the demo CRM gets a database of its own, as a real CRM would be elsewhere.
CREATE DATABASE demo_crm OWNER contactsync;
