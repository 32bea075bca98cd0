namespace Originality.Server.Api;

/// <summary>Maps every resource of the HTTP API under <c>/api</c>.</summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapOriginalityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").DisableAntiforgery();
        api.MapHealth();
        api.MapClock();
        api.MapAccounts();
        api.MapMembers();
        api.MapFolders();
        api.MapCertificates();
        api.MapListings();
        api.MapBackfills();
        api.MapComplaints();
        api.MapPenalties();
        api.MapAuthorizations();
        api.MapWebhooks();
        Originality.Server.Violations.ViolationEndpoints.MapViolations(api);
        return app;
    }
}
