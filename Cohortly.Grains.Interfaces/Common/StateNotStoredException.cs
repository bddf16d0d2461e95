namespace Cohortly.Common;

/// <summary>
/// A grain could not store a change (the database failed the write, or another activation wrote first): nothing the
/// call did was acknowledged, and the activation is replaced by one that reads what was stored, so the same call
/// retried is safe. The front end answers it like an unreachable cluster: 503 with Retry-After, never 500.
/// </summary>
[GenerateSerializer, Alias("cohortly.common.state-not-stored")]
public sealed class StateNotStoredException : Exception
{
    public StateNotStoredException(string message)
        : base(message)
    {
    }
}
