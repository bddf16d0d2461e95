using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cohortly.Integrations.Images;

public static class ImagesIntegration
{
    /// <summary>
    /// <c>Cohortly:Images</c>: SkiaSharp in this process. It needs no server, so the real adapter is also what embedded
    /// mode runs and there is no separate stand-in; the port exists so a hosted image service could replace it by
    /// configuration, like the other integrations.
    /// </summary>
    public static IServiceCollection AddCohortlyImages(this IServiceCollection services)
    {
        services.AddOptions<ImagesOptions>().BindConfiguration(ImagesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IImageProcessor, SkiaImageProcessor>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ImagesOptions>>().Value;
            return new IntegrationChoice("Images", false,
                $"SkiaSharp in process; images over {options.MaxPixels / 1_000_000} megapixels are refused, thumbnails {options.ThumbnailEdge} px");
        });
        return services;
    }
}
