namespace Cohortly.Frontend.Infrastructure.Home;

/// <summary>
/// One card of a signed-in user's home (<c>GET /api/me/home</c>). A feature adds a card by deriving from
/// <see cref="HomeCard{TData}"/> and calling <c>services.AddHomeCard&lt;T&gt;()</c> in its Setup; the home route and page
/// never change for it. The card's grain reads decide access (role and relationship) as any route's do.
/// </summary>
public interface IHomeCard
{
    /// <summary>Stable name the web app looks the card's component up by: <c>"&lt;feature&gt;.&lt;card&gt;"</c>.</summary>
    string Kind { get; }

    /// <summary>The global roles the card serves; a user with any of them gets it.</summary>
    IReadOnlyList<string> Roles { get; }

    /// <summary>Position on the home, lowest first (cards of one role together: 100s student, 200s instructor, 300s mentor, 400s admin).</summary>
    int Order { get; }

    /// <summary>The type of <see cref="BuildAsync"/>'s result, published in the OpenAPI document.</summary>
    Type DataType { get; }

    /// <summary>The card's content for the caller, or null when it has nothing to show.</summary>
    Task<object?> BuildAsync(CallerContext context);
}

/// <summary>A home card whose content is a <typeparamref name="TData"/>; see <see cref="IHomeCard"/> for the arguments.</summary>
public abstract class HomeCard<TData>(string kind, int order, params IReadOnlyList<string> roles) : IHomeCard where TData : class
{
    public string Kind => kind;

    public IReadOnlyList<string> Roles => roles;

    public int Order => order;

    public Type DataType => typeof(TData);

    async Task<object?> IHomeCard.BuildAsync(CallerContext context) => await BuildAsync(context);

    public abstract Task<TData?> BuildAsync(CallerContext context);
}
