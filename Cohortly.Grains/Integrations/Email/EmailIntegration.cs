using Cohortly.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cohortly.Integrations.Email;

public static class EmailIntegration
{
    /// <summary>
    /// <c>Cohortly:Email</c>: SMTP when <c>Smtp:Host</c> is set, else SendGrid when <c>SendGrid:ApiKey</c> is set, else the
    /// embedded dev mailbox in the data directory. Also this silo's send-rate throttle, which belongs to the provider's limits.
    /// </summary>
    public static IServiceCollection AddCohortlyEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.AddHttpClient();
        services.AddSingleton<EmailThrottle>();
        services.AddSingleton<DevMailbox>();
        services.AddSingleton<SmtpEmailSender>();
        services.AddSingleton<SendGridEmailSender>();
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Transport switch
        {
            EmailTransport.Smtp => sp.GetRequiredService<SmtpEmailSender>(),
            EmailTransport.SendGrid => sp.GetRequiredService<SendGridEmailSender>(),
            _ => sp.GetRequiredService<DevMailbox>(),
        });
        services.AddSingleton(sp => Describe(sp.GetRequiredService<IOptions<EmailOptions>>().Value, sp.GetRequiredService<DataDirectory>()));
        return services;
    }

    private static IntegrationChoice Describe(EmailOptions settings, DataDirectory dataDirectory) => settings.Transport switch
    {
        EmailTransport.Smtp => new IntegrationChoice("Email", false,
            $"SMTP {settings.Smtp.Host}:{settings.Smtp.Port} ({settings.Smtp.Security}), at most {settings.MaxPerSecond}/s per silo"),
        EmailTransport.SendGrid => new IntegrationChoice("Email", false, $"SendGrid API, at most {settings.MaxPerSecond}/s per silo"),
        _ => new IntegrationChoice("Email", true,
            $"{EmailOptions.Section} is not configured; messages go to the dev mailbox in {Path.Combine(dataDirectory.Path, "mailbox")} (GET /dev/mailbox)"),
    };
}
