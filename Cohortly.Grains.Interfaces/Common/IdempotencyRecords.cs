namespace Cohortly.Common;

/// <summary>What a request with an <c>Idempotency-Key</c> may do.</summary>
[GenerateSerializer, Alias("cohortly.common.idempotency-outcome")]
public enum IdempotencyOutcome
{
    /// <summary>First use of the key (or its earlier use failed): run the request and complete the key.</summary>
    Proceed,

    /// <summary>The same request ran already: answer what it answered.</summary>
    Replay,

    /// <summary>The key was used for a different request.</summary>
    OtherRequest,

    /// <summary>The same request is running now under this key.</summary>
    InProgress,
}

[GenerateSerializer, Immutable, Alias("cohortly.common.idempotency-claim")]
public sealed record IdempotencyClaim(
    [property: Id(0)] IdempotencyOutcome Outcome,
    [property: Id(1)] IdempotentResponse? Response);

/// <summary>The answer a keyed request got, as it went out: replayed byte for byte.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.common.idempotent-response")]
public sealed record IdempotentResponse(
    [property: Id(0)] int Status,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] string? Location,
    [property: Id(3)] byte[] Body);
