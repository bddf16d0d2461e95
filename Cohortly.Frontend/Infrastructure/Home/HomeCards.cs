namespace Cohortly.Frontend.Infrastructure.Home;

public static class HomeCards
{
    /// <summary>Adds a card to every home whose user has one of its roles.</summary>
    public static IServiceCollection AddHomeCard<TCard>(this IServiceCollection services) where TCard : class, IHomeCard =>
        services.AddSingleton<IHomeCard, TCard>();
}
