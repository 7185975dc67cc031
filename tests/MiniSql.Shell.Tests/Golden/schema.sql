CREATE TABLE zeta(a INTEGER PRIMARY KEY, b TEXT);
CREATE TABLE alpha(x, y);
CREATE INDEX alpha_x ON alpha(x);
CREATE UNIQUE INDEX zeta_b ON zeta(b);
CREATE VIEW v1 AS SELECT * FROM alpha;
CREATE TABLE "odd name"(c);
.tables
.tables a%
.indexes
.indexes zeta
.schema
.schema alpha
