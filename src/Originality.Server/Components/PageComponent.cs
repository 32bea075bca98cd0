using Microsoft.AspNetCore.Components;
using Originality.Server.Pages;

namespace Originality.Server.Components;

/// <summary>
/// A page rendered on the server: the request it answers, the reader's language, and the status
/// code of what it shows (a refusal is 400/404/409, on the same page).
/// </summary>
public abstract class PageComponent : ComponentBase
{
    [CascadingParameter]
    public HttpContext HttpContext { get; set; } = default!;

    /// <summary>The page's words in the reader's language (resx through <c>IStringLocalizer</c>).</summary>
    protected Texts T => Texts.For(HttpContext);

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    /// <summary>
    /// Whether the page's data is loaded. When OnInitializedAsync really waits (PostgreSQL answers
    /// asynchronously, SQLite mostly does not), the framework renders once before it completes;
    /// pages render nothing until then.
    /// </summary>
    protected bool Loaded { get; private set; }

    protected override void OnParametersSet()
    {
        Loaded = true;
        base.OnParametersSet();
    }

    /// <summary>Sets the status of the response; the page is rendered in full before anything is sent.</summary>
    protected void Respond(int status) => HttpContext.Response.StatusCode = status;
}
