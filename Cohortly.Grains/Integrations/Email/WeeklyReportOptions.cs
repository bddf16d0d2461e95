using System.ComponentModel.DataAnnotations;

namespace Cohortly.Integrations.Email;

public sealed class WeeklyReportOptions
{
    public DayOfWeek DayOfWeek { get; set; } = DayOfWeek.Monday;

    /// <summary>Local time of day in <see cref="TimeZone"/>, e.g. 08:00.</summary>
    public TimeOnly LocalTime { get; set; } = new(8, 0);

    /// <summary>An IANA or Windows time zone id.</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";
}
