//! The rendered pages themselves: the `<main>` of a few pages of `tests/fixtures/build/rendered`,
//! kept as snapshots, so that a template change shows in review as the HTML it changes.

use crate::site_test::SiteTest;

macro_rules! page_snapshots {
    ($($name:ident => $page:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            let site = SiteTest::from_fixture("build/rendered");
            site.build();
            insta::assert_snapshot!(stringify!($name), site.main_of($page));
        }
    )*};
}

page_snapshots! {
    front_page => "index.html",
    objective_page => "objectives/find-faster.html",
    theme_page => "themes/instant-search.html",
    overdue_commitment_page => "commitments/type-ahead.html",
    beyond_the_horizon_commitment_page => "commitments/far-out.html",
    printed_page => "print.html",
}
