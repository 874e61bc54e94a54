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
