using System.Threading.Channels;
using Cohortly.Accounts;
using Microsoft.Extensions.Options;

namespace Cohortly.Frontend.Accounts;

/// <summary>
/// Reset requests are answered at once and worked off the request, for every address alike: done inline, an address
/// with an account cost a grain write and an outbox entry that an unknown one did not, and the answer's timing said
/// which addresses have accounts. A full queue (a flood) drops requests; their senders ask again.
/// </summary>
public sealed class PasswordResetRequests(IClusterClient cluster, PublicUrl publicUrl, IOptions<AuthOptions> auth, ILogger<PasswordResetRequests> logger)
    : BackgroundService
{
    private readonly Channel<string> _emails = Channel.CreateBounded<string>(new BoundedChannelOptions(1_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Enqueue(string email)
    {
        if (!_emails.Writer.TryWrite(email))
        {
            logger.LogWarning("Password reset requests are arriving faster than they are handled; one was dropped");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var email in _emails.Reader.ReadAllAsync(stoppingToken))
        {
            string? userId = null;
            try
            {
                userId = await cluster.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(email)).GetUserIdAsync();
                if (userId is not null)
                {
                    await cluster.GetGrain<IUserGrain>(userId).RequestPasswordResetAsync(
                        new PasswordResetRequest($"{publicUrl.Base}/reset-password", auth.Value.PasswordResetLifetime));
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Could not send the password reset email for user {UserId}", userId);
            }
        }
    }
}
