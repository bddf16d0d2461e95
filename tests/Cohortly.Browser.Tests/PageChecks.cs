using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>What the layout checks measure on a finished page, shared by the phone journey and the pass over every route.</summary>
internal static class PageChecks
{
    /// <summary>The page's heading is up and no load is still showing progress, so what is measured is the finished page.</summary>
    public static async Task WaitUntilLoadedAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("main h1").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=loading], [data-testid=page-loading]")).ToHaveCountAsync(0);
    }

    /// <summary>The elements that stick out past the right edge when the page is wider than the screen; none when it fits.</summary>
    public static Task<string[]> OverflowAsync(IPage page) => page.EvaluateAsync<string[]>(
        """
        () => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          // What a scrolling box (a wide table's wrapper) holds does not widen the page: name only what sticks out of it.
          const inScroller = (el) => {
            for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
              if (getComputedStyle(box).overflowX !== 'visible') return true;
            }
            return false;
          };
          return [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > width + 1 && !inScroller(el))
            .slice(0, 5)
            .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
        }
        """);
}
