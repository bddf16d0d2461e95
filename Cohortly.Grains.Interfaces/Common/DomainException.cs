namespace Cohortly.Common;

/// <summary>What kind of refusal a domain rule raised; the front end maps each kind to one HTTP status.</summary>
public enum DomainErrorKind
{
    Invalid = 0,
    NotFound = 1,
    Forbidden = 2,
    Conflict = 3,
    PaymentRequired = 4,
    Gone = 5,
    TooManyRequests = 6,
    /// <summary>Well-formed but not acceptable as it stands (an unknown or used-up coupon): 422.</summary>
    Unprocessable = 7,
    /// <summary>An outside service the call needs cannot be reached; nothing was changed and a retry may pass: 503.</summary>
    Unavailable = 8,
}

/// <summary>
/// A rule of the domain refused the call. Grains throw it; Orleans carries it to the caller intact,
/// and the front end turns it into an RFC 7807 problem with a stable <see cref="Code"/>.
/// </summary>
[GenerateSerializer, Alias("cohortly.common.domain-exception")]
public sealed class DomainException : Exception
{
    public DomainException(DomainErrorKind kind, string code, string message)
        : base(message)
    {
        Kind = kind;
        Code = code;
    }

    [Id(0)] public DomainErrorKind Kind { get; }

    /// <summary>A short, stable, machine-readable name such as <c>email-taken</c>.</summary>
    [Id(1)] public string Code { get; }

    /// <summary>Problems per request field (camelCase JSON names), for <see cref="Validation"/>; null otherwise.</summary>
    [Id(2)] public IReadOnlyDictionary<string, string[]>? FieldErrors { get; private init; }

    public static DomainException NotFound(string what) =>
        new(DomainErrorKind.NotFound, "not-found", $"{what} was not found.");

    public static DomainException Forbidden(string message) =>
        new(DomainErrorKind.Forbidden, "forbidden", message);

    public static DomainException Conflict(string code, string message) =>
        new(DomainErrorKind.Conflict, code, message);

    public static DomainException Invalid(string code, string message) =>
        new(DomainErrorKind.Invalid, code, message);

    /// <summary>The request's fields break a rule the grain checks (the same rules the front end checks first, in <c>*Rules</c>).</summary>
    public static DomainException Validation(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        new(DomainErrorKind.Invalid, "validation", "The request has invalid fields.") { FieldErrors = fieldErrors };

    public static DomainException Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });
}
