namespace Workbench.Contracts;

/// <summary>ODCS comparison operators for a quality rule's measured value.</summary>
public enum QualityOperatorKind
{
    MustBe,
    MustNotBe,
    MustBeGreaterThan,
    MustBeGreaterOrEqualTo,
    MustBeLessThan,
    MustBeLessOrEqualTo,
    MustBeBetween,
    MustNotBeBetween,
}

/// <summary>An operator with its operand(s): one value, or two for the between forms.</summary>
public sealed record QualityOperator(QualityOperatorKind Kind, decimal Value, decimal? UpperValue = null)
{
    /// <summary>The YAML key of each operator.</summary>
    public static IReadOnlyDictionary<string, QualityOperatorKind> Keys { get; } = new Dictionary<string, QualityOperatorKind>(StringComparer.Ordinal)
    {
        ["mustBe"] = QualityOperatorKind.MustBe,
        ["mustNotBe"] = QualityOperatorKind.MustNotBe,
        ["mustBeGreaterThan"] = QualityOperatorKind.MustBeGreaterThan,
        ["mustBeGreaterOrEqualTo"] = QualityOperatorKind.MustBeGreaterOrEqualTo,
        ["mustBeLessThan"] = QualityOperatorKind.MustBeLessThan,
        ["mustBeLessOrEqualTo"] = QualityOperatorKind.MustBeLessOrEqualTo,
        ["mustBeBetween"] = QualityOperatorKind.MustBeBetween,
        ["mustNotBeBetween"] = QualityOperatorKind.MustNotBeBetween,
    };

    /// <summary>"Must be 0": what a check counting offending rows requires.</summary>
    public static QualityOperator NoRows { get; } = new(QualityOperatorKind.MustBe, 0);

    /// <summary>The YAML key of this operator.</summary>
    public string Key => Keys.First(k => k.Value == Kind).Key;

    /// <summary>The requirement in words: "= 0", "> 100", "between 1 and 3".</summary>
    public override string ToString()
    {
        static string N(decimal? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        return Kind switch
        {
            QualityOperatorKind.MustBe => $"= {N(Value)}",
            QualityOperatorKind.MustNotBe => $"<> {N(Value)}",
            QualityOperatorKind.MustBeGreaterThan => $"> {N(Value)}",
            QualityOperatorKind.MustBeGreaterOrEqualTo => $">= {N(Value)}",
            QualityOperatorKind.MustBeLessThan => $"< {N(Value)}",
            QualityOperatorKind.MustBeLessOrEqualTo => $"<= {N(Value)}",
            QualityOperatorKind.MustBeBetween => $"between {N(Value)} and {N(UpperValue)}",
            _ => $"not between {N(Value)} and {N(UpperValue)}",
        };
    }

    /// <summary>Whether a measured value satisfies the operator.</summary>
    public bool IsSatisfiedBy(decimal measured) => Kind switch
    {
        QualityOperatorKind.MustBe => measured == Value,
        QualityOperatorKind.MustNotBe => measured != Value,
        QualityOperatorKind.MustBeGreaterThan => measured > Value,
        QualityOperatorKind.MustBeGreaterOrEqualTo => measured >= Value,
        QualityOperatorKind.MustBeLessThan => measured < Value,
        QualityOperatorKind.MustBeLessOrEqualTo => measured <= Value,
        QualityOperatorKind.MustBeBetween => measured >= Value && measured <= UpperValue,
        QualityOperatorKind.MustNotBeBetween => measured < Value || measured > UpperValue,
        _ => throw new InvalidOperationException($"Unknown operator {Kind}."),
    };
}
