namespace GitReload.Domain.Jobs;

/// <summary>Identifies a job for its whole life, in answers, logs and history.</summary>
public readonly record struct JobId(long Value)
{
    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
