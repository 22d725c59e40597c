package io.coverclaims.demo;

/**
 * A chapter of the demo's scenario: the steps one part of the product shows working, through the public REST APIs and
 * the chain, each proved by the event or transaction it produced. The scenario is the chapters in order
 * ({@link Demo#CHAPTERS}): {@link ProductChapter}, {@link ClaimsChapter}, {@link DepegChapter}; the governance issue
 * adds its own after them.
 */
interface Chapter {

    /** The chapter's heading, e.g. "Scenario · the product: ...". */
    String title();

    /** Runs the chapter's steps ({@link DemoContext#step}); a failed step throws {@link DemoFailure}. */
    void run(DemoContext demo);
}
