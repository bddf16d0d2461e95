using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Email;

/// <summary>Turns a bootcamp's domain events into emails (enrollment confirmations, assignment notices). Keyed by bootcamp id.</summary>
[Alias("cohortly.email.bootcamp-email-trigger")]
public interface IBootcampEmailTriggerGrain : IGrainWithStringKey
{
}
