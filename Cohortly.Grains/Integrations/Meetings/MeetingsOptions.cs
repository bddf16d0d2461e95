using System.ComponentModel.DataAnnotations;

namespace Cohortly.Integrations.Meetings;

/// <summary><c>Cohortly:Meetings</c>: how live classes meet. With nothing set, in Cohortly's own live room.</summary>
public sealed class MeetingsOptions : IValidatableObject
{
    public const string Section = "Cohortly:Meetings";

    /// <summary>
    /// Base64 of the HMAC key (at least 32 bytes) that signs the rotating check-in codes. Generated once in the data
    /// directory when unset; a cluster must share one, since the silo that checks a code may not be the one that showed it.
    /// </summary>
    public string? CheckInKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CheckInKey is { } key && !(IsBase64(key, out var bytes) && bytes >= 32))
        {
            yield return new ValidationResult($"{Section}:CheckInKey must be base64 of at least 32 bytes.", [nameof(CheckInKey)]);
        }
    }

    private static bool IsBase64(string text, out int bytes)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out bytes);
    }
}
