// StatementGrammar.cs — every statement kind (lang.html): DML with optional WITH, CREATE TABLE/INDEX/VIEW/TRIGGER,
// DROP, ALTER TABLE, transactions and savepoints, PRAGMA, EXPLAIN [QUERY PLAN], VACUUM, REINDEX, ANALYZE,
// ATTACH, DETACH.

using System.Collections.Immutable;
using MiniSql.Sql.Parsing.Ast;
using Pidgin;
using static MiniSql.Sql.Parsing.Lexemes;
using static Pidgin.Parser;

namespace MiniSql.Sql.Parsing;

using Statement = MiniSql.Sql.Parsing.Ast.Statement;

/// <summary>Statement grammar. Parsers are built once (static readonly) and shared by all threads.</summary>
internal static class StatementGrammar
{
    private static readonly Parser<Token, Expr> Expr = ExpressionGrammar.Expression;

    private static readonly Parser<Token, ConflictResolution> ConflictWord =
        OneOf(
            Kw(Keyword.Rollback).Select(_ => ConflictResolution.Rollback),
            Kw(Keyword.Abort).Select(_ => ConflictResolution.Abort),
            Kw(Keyword.Fail).Select(_ => ConflictResolution.Fail),
            Kw(Keyword.Ignore).Select(_ => ConflictResolution.Ignore),
            Kw(Keyword.Replace).Select(_ => ConflictResolution.Replace));

    private static readonly Parser<Token, ConflictResolution> OnConflict =
        Try(Kw(Keyword.On).Then(Kw(Keyword.Conflict))).Then(ConflictWord).Or(Return(ConflictResolution.Default));

    private static readonly Parser<Token, ConflictResolution> OrConflict =
        Kw(Keyword.Or).Then(ConflictWord).Or(Return(ConflictResolution.Default));

    private static readonly Parser<Token, bool> SortOrder =
        OneOf(Kw(Keyword.Asc).Select(_ => false), Kw(Keyword.Desc).Select(_ => true), Return(false));

    // As in SQLite's LALR grammar, IF right after the object keyword always starts IF [NOT] EXISTS (never a name).
    private static readonly Parser<Token, bool> IfNotExists = Flag(Kw(Keyword.If).Then(Kw(Keyword.Not)).Then(Kw(Keyword.Exists)));

    private static readonly Parser<Token, bool> IfExists = Flag(Kw(Keyword.If).Then(Kw(Keyword.Exists)));

    private static readonly Parser<Token, bool> Temporary = Flag(Kw(Keyword.Temp).Or(Kw(Keyword.Temporary)));

    /// <summary>An indexed column: expression (COLLATE unwrapped into Collation) and ASC/DESC.</summary>
    private static readonly Parser<Token, IndexedColumn> IndexedColumn =
        Map((e, desc) => e is CollateExpr c ? new IndexedColumn(c.Operand, c.Collation, desc) : new IndexedColumn(e, null, desc),
            Expr, SortOrder);

    private static readonly Parser<Token, ImmutableArray<IndexedColumn>> IndexedColumns =
        CommaList(IndexedColumn).Between(LParen, RParen);

    private static readonly Parser<Token, ImmutableArray<SetClause>> SetClauses =
        CommaList(Map((columns, value) => new SetClause(columns, value),
            NameList.Or(Name.Select(n => ImmutableArray.Create(n))),
            EqualSign.Then(Expr)));

    private static readonly Parser<Token, Token> TransactionWord =
        Kw(Keyword.Transaction).Then(Name.Optional()).Select(_ => default(Token));

    // ---- DML -------------------------------------------------------------------------------------------------

    private static readonly Parser<Token, UpsertClause> Upsert =
        Try(Kw(Keyword.On).Then(Kw(Keyword.Conflict))).Then(Map(
            (target, action) => new UpsertClause(target.Columns, target.Where, action.Nothing, action.Set, action.Where),
            Map((columns, where) => (Columns: columns, Where: where), IndexedColumns, Opt(Kw(Keyword.Where).Then(Expr)))
                .Or(Return((Columns: ImmutableArray<IndexedColumn>.Empty, Where: (Expr?)null))),
            Kw(Keyword.Do).Then(OneOf(
                Kw(Keyword.Nothing).Select(_ => (Nothing: true, Set: ImmutableArray<SetClause>.Empty, Where: (Expr?)null)),
                Kw(Keyword.Update).Then(Kw(Keyword.Set)).Then(Map((set, where) => (Nothing: false, Set: set, Where: where),
                    SetClauses, Opt(Kw(Keyword.Where).Then(Expr))))))));

    private static readonly Parser<Token, InsertStatement> Insert =
        Map((conflict, table, alias, columns, query, upserts, returning) =>
                new InsertStatement(null, conflict, table, alias, columns, query, upserts, returning),
            OneOf(
                Kw(Keyword.Replace).Select(_ => ConflictResolution.Replace),
                Kw(Keyword.Insert).Then(OrConflict)),
            Kw(Keyword.Into).Then(ObjectName),
            Opt(Kw(Keyword.As).Then(Name)),
            OptList(NameList),
            OneOf(
                Kw(Keyword.Default).Then(Kw(Keyword.Values)).Select(_ => (SelectStatement?)null),
                SelectGrammar.Select.Select(s => (SelectStatement?)s)),
            ManyArray(Upsert),
            SelectGrammar.Returning);

    private static readonly Parser<Token, (ImmutableArray<OrderingTerm> Order, LimitClause? Limit)> OrderAndLimit =
        Map((order, limit) => (order, limit),
            OptList(ExpressionGrammar.OrderBy),
            Opt(Kw(Keyword.Limit).Then(Map(
                (first, second) => !second.HasValue ? new LimitClause(first, null)
                    : second.Value.IsOffset ? new LimitClause(first, second.Value.Value)
                    : new LimitClause(second.Value.Value, first),
                Expr,
                OneOf(
                    Kw(Keyword.Offset).Then(Expr).Select(e => (IsOffset: true, Value: e)),
                    Comma.Then(Expr).Select(e => (IsOffset: false, Value: e))).Optional()))));

    private static readonly Parser<Token, (QualifiedName Table, string? Alias, IndexHint? Hint)> TargetTable =
        Map((table, alias, hint) => (table, alias, hint),
            ObjectName,
            Opt(Kw(Keyword.As).Then(Name)),
            Opt(SelectGrammar.IndexHint));

    private static readonly Parser<Token, UpdateStatement> Update =
        Map((conflict, target, set, from, where, returning, tail) =>
                new UpdateStatement(null, conflict, target.Table, target.Alias, target.Hint, set, from, where, returning, tail.Order, tail.Limit),
            Kw(Keyword.Update).Then(OrConflict),
            TargetTable,
            Kw(Keyword.Set).Then(SetClauses),
            Opt(Kw(Keyword.From).Then(SelectGrammar.JoinSource)),
            Opt(Kw(Keyword.Where).Then(Expr)),
            SelectGrammar.Returning,
            OrderAndLimit);

    private static readonly Parser<Token, DeleteStatement> Delete =
        Map((target, where, returning, tail) =>
                new DeleteStatement(null, target.Table, target.Alias, target.Hint, where, returning, tail.Order, tail.Limit),
            Kw(Keyword.Delete).Then(Kw(Keyword.From)).Then(TargetTable),
            Opt(Kw(Keyword.Where).Then(Expr)),
            SelectGrammar.Returning,
            OrderAndLimit);

    private static readonly Parser<Token, Statement> Dml =
        Map((with, statement) => with is null ? statement : statement switch
            {
                SelectStatement s => s with { With = with },
                InsertStatement i => i with { With = with },
                UpdateStatement u => u with { With = with },
                DeleteStatement d => d with { With = with },
                _ => statement,
            },
            Opt(SelectGrammar.With),
            OneOf(
                SelectGrammar.SelectWithoutWith.Cast<Statement>(),
                Insert.Cast<Statement>(),
                Update.Cast<Statement>(),
                Delete.Cast<Statement>()));

    // ---- CREATE TABLE ----------------------------------------------------------------------------------------

    private static readonly Parser<Token, Token> NumberToken = new TokenMatch(t => t.Kind is TokenKind.Integer or TokenKind.Float);

    private static readonly Parser<Token, Expr> LiteralValue =
        new TokenMatch(t => t.Kind is TokenKind.Integer or TokenKind.Float or TokenKind.String or TokenKind.Blob
                || (t.Kind == TokenKind.Word && t.Keyword is Keyword.Null or Keyword.CurrentDate or Keyword.CurrentTime or Keyword.CurrentTimestamp))
            .Select(MakeDefaultLiteral);

    private static readonly Parser<Token, Expr> DefaultValue =
        OneOf(
            LParen.Then(Expr).Before(RParen),
            Map((sign, value) => sign.Kind == TokenKind.Minus
                    ? ExprFactory.Unary(UnaryOperator.Negate, value)
                    : ExprFactory.Unary(UnaryOperator.Plus, value),
                Sym(TokenKind.Minus).Or(Sym(TokenKind.Plus)),
                LiteralValue),
            LiteralValue,
            new TokenMatch(t => IsId(t) || (t.Kind == TokenKind.Word && KeywordTable.IsJoinKeyword(t.Keyword))).Select(t =>
                t.Kind == TokenKind.Word && t.Value!.Equals("true", StringComparison.OrdinalIgnoreCase) ? new BoolLiteral(true)
                : t.Kind == TokenKind.Word && t.Value!.Equals("false", StringComparison.OrdinalIgnoreCase) ? new BoolLiteral(false)
                : (Expr)new StringLiteral(t.Value!)));

    private static readonly Parser<Token, ForeignKeyAction> ForeignKeyAction =
        OneOf(
            Try(Kw(Keyword.Set).Then(Kw(Keyword.Null))).Select(_ => Ast.ForeignKeyAction.SetNull),
            Kw(Keyword.Set).Then(Kw(Keyword.Default)).Select(_ => Ast.ForeignKeyAction.SetDefault),
            Kw(Keyword.Cascade).Select(_ => Ast.ForeignKeyAction.Cascade),
            Kw(Keyword.Restrict).Select(_ => Ast.ForeignKeyAction.Restrict),
            Kw(Keyword.No).Then(Kw(Keyword.Action)).Select(_ => Ast.ForeignKeyAction.NoAction));

    private enum ForeignKeyArgKind { OnDelete, OnUpdate, Match }

    private static readonly Parser<Token, (ForeignKeyArgKind Kind, ForeignKeyAction Action, string? Match)> ForeignKeyArg =
        OneOf(
            Try(Kw(Keyword.On).Then(Kw(Keyword.Delete))).Then(ForeignKeyAction).Select(a => (ForeignKeyArgKind.OnDelete, a, (string?)null)),
            Try(Kw(Keyword.On).Then(Kw(Keyword.Update))).Then(ForeignKeyAction).Select(a => (ForeignKeyArgKind.OnUpdate, a, (string?)null)),
            Kw(Keyword.Match).Then(Name).Select(n => (ForeignKeyArgKind.Match, Ast.ForeignKeyAction.NoAction, (string?)n)));

    private static readonly Parser<Token, bool> Deferrable =
        Map((not, initially) => !not && initially,
            Try(Flag(Kw(Keyword.Not)).Before(Kw(Keyword.Deferrable))),
            Kw(Keyword.Initially).Then(OneOf(
                    Kw(Keyword.Deferred).Select(_ => true),
                    Kw(Keyword.Immediate).Select(_ => false)))
                .Or(Return(false)))
        .Or(Return(false));

    private static readonly Parser<Token, ForeignKeyClause> ForeignKeyClause =
        Kw(Keyword.References).Then(Map((table, columns, args, deferred) =>
            {
                var onDelete = Ast.ForeignKeyAction.NoAction;
                var onUpdate = Ast.ForeignKeyAction.NoAction;
                string? match = null;
                foreach (var (kind, action, m) in args)
                {
                    if (kind == ForeignKeyArgKind.OnDelete) onDelete = action;
                    else if (kind == ForeignKeyArgKind.OnUpdate) onUpdate = action;
                    else match = m;
                }
                return new ForeignKeyClause(table, columns, onDelete, onUpdate, match, deferred);
            },
            Name,
            OptList(NameList),
            ForeignKeyArg.Many(),
            Deferrable));

    private static readonly Parser<Token, bool> GeneratedStorage =
        OneOf(
            new TokenMatch(t => t.Kind == TokenKind.Word && t.Value!.Equals("STORED", StringComparison.OrdinalIgnoreCase)).Select(_ => true),
            Kw(Keyword.Virtual).Select(_ => false),
            Return(false));

    /// <summary>PRAGMA table_info shows a parenthesized DEFAULT without its parentheses, as SQLite does: "(1 + 2)" → "1 + 2".</summary>
    private static string DefaultSourceText(string text) =>
        text.Length >= 2 && text[0] == '(' && text[^1] == ')' ? text[1..^1].Trim() : text;

    private static readonly Parser<Token, ColumnConstraint> ColumnConstraintBody =
        OneOf(
            Kw(Keyword.Primary).Then(Kw(Keyword.Key)).Then(Map(
                (desc, conflict, autoincrement) => (ColumnConstraint)new PrimaryKeyColumnConstraint(desc, conflict, autoincrement),
                SortOrder, OnConflict, Flag(Kw(Keyword.Autoincrement)))),
            Kw(Keyword.Not).Then(Kw(Keyword.Null)).Then(OnConflict).Select(c => (ColumnConstraint)new NotNullConstraint(c)),
            Kw(Keyword.Null).Then(OnConflict).Select(_ => (ColumnConstraint)new NullableConstraint()),
            Kw(Keyword.Unique).Then(OnConflict).Select(c => (ColumnConstraint)new UniqueColumnConstraint(c)),
            Kw(Keyword.Check).Then(Expr.Between(LParen, RParen)).Select(e => (ColumnConstraint)new CheckColumnConstraint(e)),
            Kw(Keyword.Default).Then(Map((start, value, end) =>
                    (ColumnConstraint)new DefaultConstraint(value, DefaultSourceText(ParseContext.Current.Text(start, end - 1))),
                Position, DefaultValue, Position)),
            Kw(Keyword.Collate).Then(Name).Select(c => (ColumnConstraint)new CollateConstraint(c)),
            ForeignKeyClause.Select(fk => (ColumnConstraint)new ForeignKeyColumnConstraint(fk)),
            Map((e, stored) => (ColumnConstraint)new GeneratedColumnConstraint(e, stored),
                Kw(Keyword.Generated).Then(Kw(Keyword.Always)).Optional().Then(Kw(Keyword.As)).Then(Expr.Between(LParen, RParen)),
                GeneratedStorage));

    private static readonly Parser<Token, ColumnConstraint> ColumnConstraint =
        Map((name, constraint) => name is null ? constraint : constraint with { Name = name },
            Opt(Kw(Keyword.Constraint).Then(Name)),
            ColumnConstraintBody);

    private static readonly Parser<Token, ColumnDefinition> ColumnDefinition =
        Map((name, type, constraints) => new ColumnDefinition(name, type, constraints),
            Name,
            Opt(ExpressionGrammar.TypeName),
            ManyArray(ColumnConstraint));

    private static readonly Parser<Token, TableConstraint> TableConstraintBody =
        OneOf(
            Kw(Keyword.Primary).Then(Kw(Keyword.Key)).Then(LParen).Then(Map(
                (columns, autoincrement, conflict) => (TableConstraint)new PrimaryKeyTableConstraint(columns, conflict, autoincrement),
                CommaList(IndexedColumn),
                Flag(Kw(Keyword.Autoincrement)).Before(RParen),
                OnConflict)),
            Kw(Keyword.Unique).Then(Map((columns, conflict) => (TableConstraint)new UniqueTableConstraint(columns, conflict),
                IndexedColumns, OnConflict)),
            Kw(Keyword.Check).Then(Expr.Between(LParen, RParen)).Before(OnConflict)
                .Select(e => (TableConstraint)new CheckTableConstraint(e)),
            Kw(Keyword.Foreign).Then(Kw(Keyword.Key)).Then(Map(
                (columns, fk) => (TableConstraint)new ForeignKeyTableConstraint(columns, fk),
                NameList, ForeignKeyClause)));

    private static readonly Parser<Token, TableConstraint> TableConstraint =
        Map((name, constraint) => name is null ? constraint : constraint with { Name = name },
            Opt(Kw(Keyword.Constraint).Then(Name)),
            TableConstraintBody);

    private static readonly Parser<Token, (bool WithoutRowid, bool Strict)> TableOptions =
        Map(options =>
            {
                bool withoutRowid = false, strict = false;
                foreach (string option in options)
                {
                    if (option == "WITHOUT ROWID") withoutRowid = true;
                    else if (option.Equals("STRICT", StringComparison.OrdinalIgnoreCase)) strict = true;
                    else throw new MiniSqlException(ResultCode.Error, "unknown table option: " + option);
                }
                return (withoutRowid, strict);
            },
            Map((_, name) => "WITHOUT ROWID", Kw(Keyword.Without), new TokenMatch(t => IsName(t) && t.Value!.Equals("ROWID", StringComparison.OrdinalIgnoreCase)))
                .Or(Name)
                .SeparatedAtLeastOnce(Comma)
                .Or(Return(Enumerable.Empty<string>())));

    private static readonly Parser<Token, (ImmutableArray<ColumnDefinition> Columns, ImmutableArray<TableConstraint> Constraints)> TableElements =
        Map((first, more, constraints) => (first.Concat(more).ToImmutableArray(), constraints.ToImmutableArray()),
            ColumnDefinition.Select(c => new[] { c }),
            Try(Comma.Then(ColumnDefinition)).Many(),
            Comma.Optional().Then(TableConstraint).Many());

    private static readonly Parser<Token, Func<bool, Statement>> CreateTable =
        Kw(Keyword.Table).Then(Map((ifNotExists, name, body) => body(ifNotExists, name),
            IfNotExists,
            ObjectName,
            OneOf(
                Kw(Keyword.As).Then(SelectGrammar.Select).Select(q => (Func<bool, QualifiedName, Func<bool, Statement>>)((ine, n) =>
                    temp => new CreateTableStatement(temp, ine, n, [], [], false, false, q))),
                Map((elements, options) => (Func<bool, QualifiedName, Func<bool, Statement>>)((ine, n) =>
                        temp => new CreateTableStatement(temp, ine, n, elements.Columns, elements.Constraints, options.WithoutRowid, options.Strict, null)),
                    TableElements.Between(LParen, RParen),
                    TableOptions))));

    // ---- CREATE INDEX / VIEW / TRIGGER -----------------------------------------------------------------------

    private static readonly Parser<Token, Statement> CreateIndex =
        Map((unique, ifNotExists, name, table, columns, where) =>
                (Statement)new CreateIndexStatement(unique, ifNotExists, name, table, columns, where),
            Try(Flag(Kw(Keyword.Unique)).Before(Kw(Keyword.Index))),
            IfNotExists,
            ObjectName,
            Kw(Keyword.On).Then(Name),
            IndexedColumns,
            Opt(Kw(Keyword.Where).Then(Expr)));

    private static readonly Parser<Token, Func<bool, Statement>> CreateView =
        Kw(Keyword.View).Then(Map((ifNotExists, name, columns, query) =>
                (Func<bool, Statement>)(temp => new CreateViewStatement(temp, ifNotExists, name, columns, query)),
            IfNotExists,
            ObjectName,
            OptList(NameList),
            Kw(Keyword.As).Then(SelectGrammar.Select)));

    private static readonly Parser<Token, TriggerTime> TriggerTime =
        OneOf(
            Kw(Keyword.Before).Select(_ => Ast.TriggerTime.Before),
            Kw(Keyword.After).Select(_ => Ast.TriggerTime.After),
            Kw(Keyword.Instead).Then(Kw(Keyword.Of)).Select(_ => Ast.TriggerTime.InsteadOf),
            Return(Ast.TriggerTime.Before));

    private static readonly Parser<Token, (TriggerEvent Event, ImmutableArray<string> Columns)> TriggerEvent =
        OneOf(
            Kw(Keyword.Delete).Select(_ => (Ast.TriggerEvent.Delete, ImmutableArray<string>.Empty)),
            Kw(Keyword.Insert).Select(_ => (Ast.TriggerEvent.Insert, ImmutableArray<string>.Empty)),
            Kw(Keyword.Update).Then(OptList(Kw(Keyword.Of).Then(CommaList(Name)))).Select(cols => (Ast.TriggerEvent.Update, cols)));

    private static readonly Parser<Token, Statement> TriggerBodyStatement =
        SelectGrammar.Spanned(OneOf(
            SelectGrammar.Select.Cast<Statement>(),
            Insert.Cast<Statement>(),
            Update.Cast<Statement>(),
            Delete.Cast<Statement>()));

    private static readonly Parser<Token, Func<bool, Statement>> CreateTrigger =
        Kw(Keyword.Trigger).Then(Map((ifNotExists, name, time, ev, table, forEachRow, when, body) =>
                (Func<bool, Statement>)(temp => new CreateTriggerStatement(temp, ifNotExists, name, time, ev.Event, ev.Columns, table, forEachRow, when, body)),
            IfNotExists,
            ObjectName,
            TriggerTime,
            TriggerEvent,
            Kw(Keyword.On).Then(Name),
            Flag(Kw(Keyword.For).Then(Kw(Keyword.Each)).Then(Kw(Keyword.Row))),
            Opt(Kw(Keyword.When).Then(Expr)),
            Kw(Keyword.Begin).Then(TriggerBodyStatement.Before(Semicolon).AtLeastOnce()).Before(Kw(Keyword.End))
                .Select(b => b.ToImmutableArray())));

    // A module argument: any tokens except a top-level ',' or ')', with balanced parentheses inside.
    private static readonly Parser<Token, Unit> ModuleArgumentTokens = Rec(() =>
        OneOf(
            new TokenMatch(t => t.Kind is not (TokenKind.Comma or TokenKind.LeftParen or TokenKind.RightParen or TokenKind.Semicolon)).IgnoreResult(),
            LParen.Then(new StackGuard<Unit>(ModuleArgumentTokens!).Or(Comma.IgnoreResult()).SkipMany()).Then(RParen).IgnoreResult())
        .SkipAtLeastOnce());

    private static readonly Parser<Token, string> ModuleArgument =
        Map((start, _, end) => ParseContext.Current.Text(start, end - 1), Position, ModuleArgumentTokens, Position);

    private static readonly Parser<Token, Statement> CreateVirtualTable =
        Kw(Keyword.Virtual).Then(Kw(Keyword.Table)).Then(Map(
            (ifNotExists, name, module, arguments) => (Statement)new CreateVirtualTableStatement(ifNotExists, name, module, arguments),
            IfNotExists,
            ObjectName,
            Kw(Keyword.Using).Then(Name),
            OptList(CommaList(ModuleArgument).Between(LParen, RParen))));

    private static readonly Parser<Token, Statement> Create =
        Kw(Keyword.Create).Then(OneOf(
            CreateIndex,
            CreateVirtualTable,
            Map((temp, make) => make(temp), Temporary, OneOf(CreateTable, CreateView, CreateTrigger))));

    // ---- other statements ------------------------------------------------------------------------------------

    private static readonly Parser<Token, Statement> Drop =
        Kw(Keyword.Drop).Then(Map((kind, ifExists, name) => (Statement)new DropStatement(kind, ifExists, name),
            OneOf(
                Kw(Keyword.Table).Select(_ => DropObjectKind.Table),
                Kw(Keyword.Index).Select(_ => DropObjectKind.Index),
                Kw(Keyword.View).Select(_ => DropObjectKind.View),
                Kw(Keyword.Trigger).Select(_ => DropObjectKind.Trigger)),
            IfExists,
            ObjectName));

    private static readonly Parser<Token, Statement> Begin =
        Kw(Keyword.Begin).Then(OneOf(
                Kw(Keyword.Deferred).Select(_ => TransactionKind.Deferred),
                Kw(Keyword.Immediate).Select(_ => TransactionKind.Immediate),
                Kw(Keyword.Exclusive).Select(_ => TransactionKind.Exclusive),
                Return(TransactionKind.Deferred)))
            .Before(TransactionWord.Optional())
            .Select(kind => (Statement)new BeginStatement(kind));

    private static readonly Parser<Token, Statement> Commit =
        Kw(Keyword.Commit).Or(Kw(Keyword.End)).Then(TransactionWord.Optional()).Select(_ => (Statement)new CommitStatement());

    private static readonly Parser<Token, Statement> Rollback =
        Kw(Keyword.Rollback).Then(TransactionWord.Optional())
            .Then(Opt(Kw(Keyword.To).Then(Kw(Keyword.Savepoint).Optional()).Then(Name)))
            .Select(name => (Statement)new RollbackStatement(name));

    private static readonly Parser<Token, Statement> Savepoint =
        Kw(Keyword.Savepoint).Then(Name).Select(name => (Statement)new SavepointStatement(name));

    private static readonly Parser<Token, Statement> Release =
        Kw(Keyword.Release).Then(Kw(Keyword.Savepoint).Optional()).Then(Name).Select(name => (Statement)new ReleaseStatement(name));

    private static readonly Parser<Token, Expr> PragmaValue =
        OneOf(
            Map((sign, number) => sign.HasValue
                    ? ExprFactory.Unary(sign.Value.Kind == TokenKind.Minus ? UnaryOperator.Negate : UnaryOperator.Plus, ExprFactory.Number(number))
                    : ExprFactory.Number(number),
                Sym(TokenKind.Minus).Or(Sym(TokenKind.Plus)).Optional(),
                NumberToken),
            new TokenMatch(t => t.Kind is TokenKind.Word or TokenKind.QuotedIdentifier or TokenKind.String)
                .Select(t => (Expr)new StringLiteral(t.Value!)));

    private static readonly Parser<Token, Statement> Pragma =
        Kw(Keyword.Pragma).Then(Map((name, value) => (Statement)new PragmaStatement(name, value.Value, value.IsCall),
            ObjectName,
            OneOf(
                EqualSign.Then(PragmaValue).Select(v => (Value: (Expr?)v, IsCall: false)),
                PragmaValue.Between(LParen, RParen).Select(v => (Value: (Expr?)v, IsCall: true)),
                Return((Value: (Expr?)null, IsCall: false)))));

    private static readonly Parser<Token, Statement> Vacuum =
        Kw(Keyword.Vacuum).Then(Map((schema, into) => (Statement)new VacuumStatement(schema, into),
            Opt(Name),
            Opt(Kw(Keyword.Into).Then(Expr))));

    private static readonly Parser<Token, Statement> Reindex =
        Kw(Keyword.Reindex).Then(Opt(ObjectName)).Select(name => (Statement)new ReindexStatement(name));

    private static readonly Parser<Token, Statement> Analyze =
        Kw(Keyword.Analyze).Then(Opt(ObjectName)).Select(name => (Statement)new AnalyzeStatement(name));

    private static readonly Parser<Token, Statement> Attach =
        Kw(Keyword.Attach).Then(Kw(Keyword.Database).Optional()).Then(Map(
            (file, schema, key) => (Statement)new AttachStatement(file, schema, key),
            Expr,
            Kw(Keyword.As).Then(Expr),
            Opt(Kw(Keyword.Key).Then(Expr))));

    private static readonly Parser<Token, Statement> Detach =
        Kw(Keyword.Detach).Then(Kw(Keyword.Database).Optional()).Then(Expr).Select(e => (Statement)new DetachStatement(e));

    private static readonly Parser<Token, Statement> Alter =
        Kw(Keyword.Alter).Then(Kw(Keyword.Table)).Then(Map((table, action) => action(table),
            ObjectName,
            OneOf(
                Try(Kw(Keyword.Rename).Then(Kw(Keyword.To))).Then(Name)
                    .Select(n => (Func<QualifiedName, Statement>)(t => new RenameTableStatement(t, n))),
                Kw(Keyword.Rename).Then(Kw(Keyword.Column).Optional()).Then(Map((from, to) =>
                        (Func<QualifiedName, Statement>)(t => new RenameColumnStatement(t, from, to)),
                    Name, Kw(Keyword.To).Then(Name))),
                Kw(Keyword.Add).Then(Kw(Keyword.Column).Optional()).Then(ColumnDefinition)
                    .Select(c => (Func<QualifiedName, Statement>)(t => new AddColumnStatement(t, c))),
                Kw(Keyword.Drop).Then(Kw(Keyword.Column).Optional()).Then(Name)
                    .Select(c => (Func<QualifiedName, Statement>)(t => new DropColumnStatement(t, c))))));

    private static readonly Parser<Token, Statement> PlainStatement =
        OneOf(Dml, Create, Drop, Begin, Commit, Rollback, Savepoint, Release, Pragma, Vacuum, Reindex, Analyze, Attach, Detach, Alter);

    private static readonly Parser<Token, Statement> Explain =
        Kw(Keyword.Explain).Then(Map((queryPlan, statement) => (Statement)new ExplainStatement(queryPlan, statement),
            Flag(Try(Kw(Keyword.Query).Then(Kw(Keyword.Plan)))),
            SelectGrammar.Spanned(PlainStatement)));

    /// <summary>One statement followed by an optional ';' and the end of the token array.</summary>
    public static readonly Parser<Token, Statement> Statement =
        OneOf(Explain, PlainStatement).Before(Semicolon.Optional()).Before(Parser<Token>.End);

    /// <summary>A lone expression and the end of input.</summary>
    public static readonly Parser<Token, Expr> LoneExpression = Expr.Before(Parser<Token>.End);

    private static Expr MakeDefaultLiteral(Token t) => t.Kind switch
    {
        TokenKind.Integer or TokenKind.Float => ExprFactory.Number(t),
        TokenKind.String => new StringLiteral(t.Value!),
        TokenKind.Blob => ExprFactory.Blob(t),
        _ => t.Keyword switch
        {
            Keyword.Null => NullLiteral.Instance,
            Keyword.CurrentDate => new CurrentTimeLiteral(CurrentTimeKind.Date),
            Keyword.CurrentTime => new CurrentTimeLiteral(CurrentTimeKind.Time),
            _ => new CurrentTimeLiteral(CurrentTimeKind.Timestamp),
        },
    };
}
