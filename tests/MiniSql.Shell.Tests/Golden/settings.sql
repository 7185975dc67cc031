CREATE TABLE t(a, b);
INSERT INTO t VALUES(1, NULL), (2, 'two');
.nullvalue <null>
SELECT * FROM t;
.separator ;
SELECT * FROM t;
.separator , "\n--\n"
SELECT * FROM t;
.separator |
.mode column
.width 5 -8
SELECT * FROM t;
.width 1 1
SELECT 'abcdef' AS long, 'xyz' AS other;
.width
.mode list
.headers on
SELECT a AS "a b", b FROM t;
