using System.Collections.Frozen;
using System.Globalization;

namespace Cohortly.Bootcamps;

/// <summary>What makes bootcamp details valid. The front end reports violations field by field; the grain refuses them outright.</summary>
public static class BootcampRules
{
    /// <summary>Instructor or mentor of a bootcamp with these staff lists, else None (one staff role per person).</summary>
    public static MemberRole StaffRole(IEnumerable<string> instructorIds, IEnumerable<string> mentorIds, string userId) =>
        instructorIds.Contains(userId) ? MemberRole.Instructor
        : mentorIds.Contains(userId) ? MemberRole.Mentor
        : MemberRole.None;

    public const int TitleMax = 200;
    public const int DescriptionMax = 20_000;
    public const int MaxCapacity = 100_000;
    public const long MaxPriceMinor = 100_000_000;
    public const int MaxLabels = 20;
    public const int LabelMax = 40;
    public const int MaxInstallments = 12;

    /// <summary>ISO 4217 codes .NET knows from its regions.</summary>
    private static readonly FrozenSet<string> Currencies = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(culture =>
        {
            try
            {
                return new RegionInfo(culture.Name).ISOCurrencySymbol;
            }
            catch (ArgumentException)
            {
                return null;
            }
        })
        .OfType<string>()
        .Append("USD").Append("EUR").Append("GBP")
        .ToFrozenSet(StringComparer.Ordinal);

    public static Dictionary<string, string[]> Validate(BootcampDetails details)
    {
        var errors = new Dictionary<string, string[]>();
        Text(errors, "title", details.Title, TitleMax, required: true);
        Text(errors, "description", details.Description, DescriptionMax, required: false);
        if (details.EndsAt <= details.StartsAt)
        {
            errors["endsAt"] = ["endsAt must be after startsAt."];
        }
        if (details.Capacity is < 1 or > MaxCapacity)
        {
            errors["capacity"] = [$"capacity must be between 1 and {MaxCapacity}."];
        }
        if (details.PriceMinor is < 0 or > MaxPriceMinor)
        {
            errors["priceMinor"] = [$"priceMinor must be between 0 and {MaxPriceMinor} (minor units, e.g. cents)."];
        }
        if (!Currencies.Contains(details.Currency))
        {
            errors["currency"] = ["currency must be an upper-case ISO 4217 code such as USD or EUR."];
        }
        if (details.InstallmentCount is < 1 or > MaxInstallments)
        {
            errors["installmentCount"] = [$"installmentCount must be between 1 (paid at once) and {MaxInstallments}."];
        }
        else if (details.InstallmentCount > 1 && details.IsFree)
        {
            errors["installmentCount"] = ["A free bootcamp has nothing to split into installments: leave installmentCount at 1."];
        }
        Labels(errors, "tags", details.Tags);
        Labels(errors, "skills", details.Skills);
        return errors;
    }

    private static void Text(Dictionary<string, string[]> errors, string field, string? value, int max, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{field} is required."];
        }
        else if (value is not null && value.Length > max)
        {
            errors[field] = [$"{field} must be at most {max} characters."];
        }
    }

    private static void Labels(Dictionary<string, string[]> errors, string field, IReadOnlyCollection<string> labels)
    {
        if (labels.Count > MaxLabels)
        {
            errors[field] = [$"at most {MaxLabels} {field}."];
        }
        else if (labels.Any(label => string.IsNullOrWhiteSpace(label) || label.Length > LabelMax || label.Any(char.IsControl)))
        {
            errors[field] = [$"each of {field} must be 1 to {LabelMax} printable characters."];
        }
    }
}
