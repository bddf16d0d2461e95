using System.Reflection;
using System.Xml.Linq;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Testing;
using NetArchTest.Rules;

namespace Cohortly.Api.Tests.Architecture;

/// <summary>
/// The feature shape of DESIGN.md as rules the build checks: features meet only through grains and shared
/// infrastructure, the front end sees grains through their interfaces, and the interfaces stay free of everything
/// but the Orleans SDK so silos and clients can share them.
/// </summary>
public sealed class FeatureShapeTests
{
    private static readonly Assembly Frontend = typeof(Program).Assembly;
    private static readonly Assembly Interfaces = typeof(Caller).Assembly;
    private static readonly Assembly Grains = typeof(BootcampGrain).Assembly;

    [Fact]
    public void NoFeatureApiCallsAnotherFeaturesApi()
    {
        var apis = Frontend.GetTypes().Where(type => type is { IsClass: true, Namespace: not null } && type.Name.EndsWith("Api", StringComparison.Ordinal)).ToList();
        Assert.Contains(apis, api => api.FullName == "Cohortly.Frontend.Bootcamps.BootcampsApi");
        var violations = new List<string>();
        foreach (var feature in apis.Select(api => api.Namespace!).Distinct())
        {
            var otherApis = apis.Where(api => api.Namespace != feature).Select(api => api.FullName!).ToArray();
            var result = Types.InAssembly(Frontend).That().ResideInNamespace(feature).ShouldNot().HaveDependencyOnAny(otherApis).GetResult();
            violations.AddRange(result.FailingTypeNames ?? []);
        }
        Assert.True(violations.Count == 0,
            "These front-end types call another feature's *Api; move what they share into Infrastructure/ or a grain: " + string.Join(", ", violations));
    }

    [Fact]
    public void FrontendTalksToGrainsThroughTheirInterfacesOnly()
    {
        var grainClasses = Grains.GetTypes().Where(type => type.IsClass && type.IsAssignableTo(typeof(Grain))).Select(type => type.FullName!).ToArray();
        Assert.Contains(typeof(BootcampGrain).FullName, grainClasses);
        var result = Types.InAssembly(Frontend).ShouldNot().HaveDependencyOnAny(grainClasses).GetResult();
        Assert.True(result.IsSuccessful,
            "These front-end types use a grain class instead of its interface: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void GrainInterfacesReferenceNothingButTheOrleansSdk()
    {
        var project = XDocument.Load(Path.Combine(RepoPaths.ProjectDirectory("Cohortly.Grains.Interfaces"), "Cohortly.Grains.Interfaces.csproj"));
        var references = project.Descendants()
            .Where(element => element.Name.LocalName is "PackageReference" or "ProjectReference" or "Reference" or "FrameworkReference")
            .Select(element => (string?)element.Attribute("Include"))
            .ToList();
        Assert.Equal(["Microsoft.Orleans.Sdk"], references);

        // What the SDK itself brings (Orleans and the Microsoft.Extensions abstractions it builds on) is all the compiled
        // assembly may load: no Cohortly project, no ASP.NET Core, no database or cloud SDK.
        string[] allowed = ["System", "netstandard", "Orleans", "Microsoft.Extensions"];
        var loaded = Interfaces.GetReferencedAssemblies().Select(name => name.Name!).ToList();
        var foreign = loaded.Where(name => !allowed.Any(prefix => name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal))).ToList();
        Assert.True(foreign.Count == 0, "Cohortly.Grains.Interfaces references " + string.Join(", ", foreign));
    }
}
