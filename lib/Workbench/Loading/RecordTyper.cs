using System.Globalization;
using System.Runtime.CompilerServices;
using Workbench.Loading.Sources;

namespace Workbench.Loading;

/// <summary>
/// Turns one source record into a raw row: the lineage values, then each field typed by the plan's parser. A record
/// that cannot be typed, or whose text breaks <see cref="TextRules"/>, becomes a reject naming its line, the first
/// failing column and every reason.
/// </summary>
internal sealed class RecordTyper(IngestContext context)
{
    private readonly ColumnPlan _plan = context.Plan;
    private readonly SchemaMode _mode = context.Spec.Mode;

    /// <summary>
    /// The row every record is written into (the bulk path writes a row before it asks for the next). The batch's
    /// lineage values are the same on every row, so they are set once; each record sets its row number and fields.
    /// </summary>
    public object?[] Row { get; } = [context.BatchId, null, .. new object?[context.Plan.WrittenColumns.Count]];

    /// <summary>
    /// Fills <see cref="Row"/> from the current record, or returns the reason it cannot be loaded. Runs once per source
    /// row, so it is compiled fully optimised from the first call: a load is often over before tiered compilation
    /// would have finished with it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public RawReject? TryFill(IRecordSource records, long rowNumber)
    {
        var header = _plan.Header;
        if (records.RecordError is { } unreadable)
        {
            return new RawReject(rowNumber, records.Line, TextRules.Bound(records.RawText()), null, unreadable);
        }

        var fieldCount = records.FieldCount;
        if (fieldCount != header.Count)
        {
            return new RawReject(rowNumber, records.Line, TextRules.Bound(records.RawText()), null,
                $"expected {header.Count} fields{(records.Columns.Count > 0 ? " as in the header" : $" (the contract's columns: {string.Join(", ", header)})")}, found {fieldCount}");
        }

        var row = Row;
        row[1] = rowNumber;
        var at = RawFileLoader.LineageColumns.Count;
        string? failedColumn = null;
        List<string>? reasons = null;
        var parsers = _plan.Parsers;
        for (var i = 0; i < fieldCount; i++)
        {
            var parser = parsers[i];
            string? broken = null;
            if (records.TryGetUtf8(i, out var utf8))
            {
                if (parser is not null && parser.TryParseFast(utf8, out var parsed))
                {
                    row[at++] = parsed;
                    continue;
                }

                broken = TextRules.Check(utf8);
            }

            var raw = broken is null ? records.GetValue(i) : null;
            broken ??= raw is string text ? TextRules.Check(text) : null;
            if (broken is not null && (parser is not null || _plan.Targets[i] is not null))
            {
                failedColumn ??= header[i];
                (reasons ??= []).Add($"{header[i]}: {broken}");
                row[at++] = null;
            }
            else if (parser is not null)
            {
                if (!parser.TryConvert(raw, out var value, out var reason))
                {
                    failedColumn ??= header[i];
                    (reasons ??= []).Add($"{header[i]}: {reason}");
                }

                row[at++] = value;
            }
            else if (_plan.Targets[i] is not null)
            {
                row[at++] = raw is string { Length: 0 } ? null : raw is null or string ? raw : Convert.ToString(raw, CultureInfo.InvariantCulture);
            }
            else if (_mode == SchemaMode.DiscardRow && raw is not (null or string { Length: 0 }))
            {
                failedColumn ??= header[i];
                (reasons ??= []).Add($"{header[i]}: has a value, but the contract has no such column (schema mode discard_row)");
            }
        }

        return reasons is null ? null : new RawReject(rowNumber, records.Line, TextRules.Bound(records.RawText()), failedColumn, string.Join("; ", reasons));
    }
}
