namespace Cohortly.Email;

[GenerateSerializer, Alias("cohortly.email.signing-key-state")]
public sealed class EmailSigningKeyState
{
    [Id(0)] public byte[]? Key { get; set; }
}

[GrainType("emailsigningkey")]
public sealed class EmailSigningKeyGrain(
    [PersistentState("email-signing-key", Common.StorageNames.Cohortly)] IPersistentState<EmailSigningKeyState> state) : Grain, IEmailSigningKeyGrain
{
    public async Task<byte[]> GetAsync()
    {
        if (state.State.Key is null)
        {
            state.State.Key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            await state.WriteStateAsync();
        }
        return state.State.Key;
    }
}
