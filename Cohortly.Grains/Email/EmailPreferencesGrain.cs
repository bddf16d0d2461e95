namespace Cohortly.Email;

[GenerateSerializer, Alias("cohortly.email.preferences-state")]
public sealed class EmailPreferencesState
{
    /// <summary>Null until the user chooses: <see cref="EmailPreferences.Default"/> applies.</summary>
    [Id(0)] public EmailPreferences? Preferences { get; set; }
}

[GrainType("emailpreferences")]
public sealed class EmailPreferencesGrain(
    [PersistentState("email-preferences", Common.StorageNames.Cohortly)] IPersistentState<EmailPreferencesState> state,
    EmailLinks links) : Grain, IEmailPreferencesGrain
{
    public Task<EmailPreferences> GetAsync() => Task.FromResult(state.State.Preferences ?? EmailPreferences.Default);

    public async Task<EmailPreferences> SetAsync(EmailPreferences preferences)
    {
        state.State.Preferences = preferences;
        await state.WriteStateAsync();
        return preferences;
    }

    public async Task<bool> UnsubscribeAsync(EmailCategory category, string token)
    {
        if (category == EmailCategory.Essential || !await links.VerifyAsync(this.GetPrimaryKeyString(), category, token))
        {
            return false;
        }
        var current = await GetAsync();
        if (current.Allows(category))
        {
            await SetAsync(current.Without(category));
        }
        return true;
    }
}
