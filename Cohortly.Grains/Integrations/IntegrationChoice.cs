namespace Cohortly.Integrations;

/// <summary>
/// What one integration runs on in this process: its real adapter or its embedded stand-in. Each
/// <c>AddCohortly&lt;Name&gt;()</c> registers one, and <see cref="IntegrationReport"/> logs it once at start, so nobody
/// mistakes the dev mailbox for real email or the local disk for the bucket.
/// </summary>
public sealed record IntegrationChoice(string Integration, bool Embedded, string Description);
