namespace MiniSql.Engine.BTree;

/// <summary>
/// A cell lifted off its page during balancing: the cell bytes without the 4-byte left-child pointer, plus that
/// pointer (0 for leaf cells). Overflow chains stay in place; only the cell's pointer to them moves.
/// </summary>
internal readonly record struct BTreeEntry(byte[] Cell, uint Child);
