CREATE TABLE t(id INTEGER, name TEXT, score REAL, data BLOB);
INSERT INTO t VALUES(1,'alice',3.5,x'4142');
INSERT INTO t VALUES(22,'bob "b"',-0.1,NULL);
INSERT INTO t VALUES(333,'it''s',1e20,x'');
INSERT INTO t VALUES(NULL,'ü€ wide',2.0,'x');
INSERT INTO t VALUES(-5,'a,b',1.1,'  sp');
INSERT INTO t VALUES(9223372036854775807,'',3.14,'tab	in');
.mode box
SELECT * FROM t;
.headers off
SELECT id, name FROM t WHERE id > 1;
.headers on
SELECT 1 AS one, 'x' AS two, NULL AS three;
SELECT * FROM t WHERE 0;
