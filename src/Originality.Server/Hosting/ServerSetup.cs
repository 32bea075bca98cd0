using System.Security.Claims;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Extensions;
using NodaTime.Serialization.SystemTextJson;
using Originality.Server.Api;
using Originality.Server.Pages;
using Originality.Server.Problems;
using Originality.Server.Security;
using Originality.Storage;

namespace Originality.Server.Hosting;

/// <summary>Everything the host registers and the order of its middleware, in one place.</summary>
public static class ServerSetup
{
    /// <summary>The documented key of the demo operator (printed at start). Never use it in production.</summary>
    public const string DemoOperatorKey = "dev-operator-key-not-for-production";

    public const string SmartScheme = "ApiKeyOrCookie";

    public static WebApplicationBuilder AddOriginalityServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        if (configuration.GetValue<bool>("Demo:Seed") && string.IsNullOrWhiteSpace(configuration["Security:OperatorKey"]))
        {
            configuration["Security:OperatorKey"] = DemoOperatorKey;
        }

        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .Validate(o => o.Provider != StorageProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Storage:ConnectionString is required when Storage:Provider is Postgres.")
            .ValidateOnStart();
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClockOptions>().BindConfiguration(ClockOptions.Section).ValidateOnStart();
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);

        AddClock(services, configuration);

        var limits = configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new LimitsOptions();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = limits.MaxUploadBytes);
        services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = limits.MaxUploadBytes);

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });

        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // Status-code pages (401, 403, 404 from routing) get the same stable types as our own refusals.
            if (c.ProblemDetails.Type is null or "" || c.ProblemDetails.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal))
            {
                c.ProblemDetails.Type = ProblemTypes.ForStatus(c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode);
            }
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi();
        services.AddAntiforgery();

        AddSecurity(services);
        AddRateLimiting(services);

        services.AddSingleton<ServerDatabase>();
        services.AddSingleton<CredentialStore>();
        services.AddHostedService<StartupTasks>();
        services.AddOriginalityApplication();
        services.AddOriginalityHealth();
        services.AddOriginalityMetrics();
        Originality.Server.Application.EvidenceWitnessSetup.AddEvidenceWitnesses(services, configuration);
        Originality.Server.Violations.ViolationSetup.AddViolations(services);
        Originality.Server.Components.PageSetup.AddOriginalityPages(services);
        return builder;
    }

    public static WebApplication UseOriginalityServer(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseMiddleware<RequestLimitsMiddleware>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<FormReadingMiddleware>();
        app.UseAntiforgery();

        app.MapOpenApi();
        app.MapOriginalityApi();
        app.MapOriginalityHealth();
        app.MapOriginalityMetrics();
        app.MapOriginalityPages();
        return app;
    }

    private static void AddClock(IServiceCollection services, ConfigurationManager configuration)
    {
        var clock = configuration.GetSection(ClockOptions.Section).Get<ClockOptions>() ?? new ClockOptions();
        if (clock.Mode == ClockMode.Manual)
        {
            var manual = new ManualTimeProvider(clock.Start ?? DateTimeOffset.UtcNow);
            services.AddSingleton(manual);
            services.AddSingleton<TimeProvider>(manual);
        }
        else
        {
            services.AddSingleton(TimeProvider.System);
        }
        services.AddSingleton<IClock>(sp => sp.GetRequiredService<TimeProvider>().ToClock());
    }

    private static void AddSecurity(IServiceCollection services)
    {
        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, SmartScheme, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.Cookie.Name = "originality.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                // A sign-in lasts 8 real hours: moving the manual (rehearsal) clock on a week must not sign the operator out.
                o.TimeProvider = TimeProvider.System;
                o.Events.OnRedirectToLogin = c => ApiOrRedirect(c, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => ApiOrRedirect(c, StatusCodes.Status403Forbidden);
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Member, p => p.RequireRole(Roles.Member))
            .AddPolicy(Policies.Reviewer, p => p.RequireRole(Roles.Reviewer, Roles.Operator))
            .AddPolicy(Policies.Operator, p => p.RequireRole(Roles.Operator))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Reviewer, Roles.Operator));
    }

    // The API never redirects: a missing or wrong key is a 401/403 problem, not a login page.
    private static Task ApiOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static void AddRateLimiting(IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
                // One budget per caller: the authenticated subject, else the remote address.
                var partition = context.User.FindFirstValue(ClaimNames.Subject) is { } subject
                    ? "key:" + subject
                    : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.RequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Type = ProblemTypes.RateLimited,
                        Title = "Too many requests",
                        Detail = "The rate limit for your key was reached; retry after the Retry-After header.",
                    },
                }).ConfigureAwait(false);
            };
        });
    }
}

/// <summary><c>--demo</c> (or <c>Demo:Seed=true</c>) seeds a demo marketplace at start.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Seed { get; set; }
}
