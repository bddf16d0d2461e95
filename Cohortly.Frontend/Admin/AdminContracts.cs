namespace Cohortly.Frontend.Admin;

/// <summary>One count the recount found wrong and fixed: <c>what</c> names it (today <c>enrolledCount</c>).</summary>
public sealed record DriftResponse(string BootcampId, string What, int Was, int Now);

public sealed record RecountResponse(int BootcampsChecked, IReadOnlyList<DriftResponse> DriftFixed);
