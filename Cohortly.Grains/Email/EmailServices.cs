using Cohortly.Integrations.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Cohortly.Email;

public static class EmailServices
{
    /// <summary>Templates, links, throttle and the transport <see cref="EmailOptions"/> selects; the dev mailbox when none is configured.</summary>
    public static IServiceCollection AddCohortlyEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient();
        services.AddSingleton<EmailTemplates>();
        services.AddSingleton<EmailLinks>();
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
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, EmailStartup>();
        return services;
    }
}
