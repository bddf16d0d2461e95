using System.Text.RegularExpressions;

namespace Cohortly.Certificates;

/// <summary>Limits on certificate settings, checked by the front end first and by the settings grain again.</summary>
public static partial class CertificateRules
{
    public const int MaxSignerLength = 80;
    public const int MaxStudentNameLength = 120;

    public static Dictionary<string, string[]> Validate(CertificateSettings settings)
    {
        var errors = new Dictionary<string, string[]>();
        if (settings.PassPercent is < 0 or > 100)
        {
            errors["passPercent"] = ["passPercent is between 0 and 100."];
        }
        if (settings.MinAttendancePercent is < 0 or > 100)
        {
            errors["minAttendancePercent"] = ["minAttendancePercent is between 0 and 100."];
        }
        if (string.IsNullOrWhiteSpace(settings.SignerName) || settings.SignerName.Length > MaxSignerLength)
        {
            errors["signerName"] = [$"signerName is required, at most {MaxSignerLength} characters."];
        }
        if (string.IsNullOrWhiteSpace(settings.SignerTitle) || settings.SignerTitle.Length > MaxSignerLength)
        {
            errors["signerTitle"] = [$"signerTitle is required, at most {MaxSignerLength} characters."];
        }
        if (!AccentColor().IsMatch(settings.AccentColor))
        {
            errors["accentColor"] = ["accentColor is a colour like #1f5fbf."];
        }
        return errors;
    }

    /// <summary>The bootcamp's automatic rule: the average of graded work reaches the pass mark, and every assignment is graded when required.</summary>
    public static bool IsMet(CertificateSettings settings, int totalAssignments, int gradedAssignments, decimal? averagePercent) =>
        averagePercent is { } average
        && average >= settings.PassPercent
        && (!settings.RequireAllAssignments || (totalAssignments > 0 && gradedAssignments >= totalAssignments));

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex AccentColor();
}
