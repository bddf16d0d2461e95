using Cohortly.Frontend.Bootcamps;

namespace Cohortly.Frontend.Admin;

/// <summary>One count the recount found wrong and fixed: <c>what</c> names it (today <c>enrolledCount</c>).</summary>
public sealed record DriftResponse(string BootcampId, string What, int Was, int Now);

/// <summary>A student's progress in a bootcamp (what their home shows) as the recount found it and as it put it back from their submissions.</summary>
public sealed record ProgressDriftResponse(string BootcampId, string StudentId, ProgressResponse Was, ProgressResponse Now);

public sealed record RecountResponse(int BootcampsChecked, IReadOnlyList<DriftResponse> DriftFixed, int StudentsChecked, IReadOnlyList<ProgressDriftResponse> ProgressFixed);
