CREATE TABLE m(a TEXT, b TEXT);
INSERT INTO m VALUES('one
two','x'),('y','three
lines
here'),('z','w');
.mode column
SELECT * FROM m;
.mode table
SELECT * FROM m;
.mode box
SELECT * FROM m;
.mode markdown
SELECT * FROM m;
.mode csv
SELECT * FROM m;
.mode json
SELECT * FROM m;
.mode insert m2
SELECT * FROM m;
.mode line
SELECT * FROM m;
