//! Workspaces: one site built from several strategy folders (an organisation and its teams),
//! each still a strategy that checks and builds alone; and the promise that a single-folder site
//! builds exactly as it did before workspaces existed.

use crate::common;

use std::collections::BTreeMap;

use crate::site_test::SiteTest;

/// FNV-1a, 64 bits: a digest of a file's bytes small enough to keep in a snapshot.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Every file of a built tree with its size and digest, one a line.
fn digests(tree: &BTreeMap<String, Vec<u8>>) -> String {
    tree.iter()
        .map(|(path, bytes)| format!("{path} {} {:016x}\n", bytes.len(), fnv(bytes)))
        .collect()
}

/// The example site (a copy, so that no git history shows) built as of the fixtures' date: every
/// file and its digest are kept as a snapshot that was taken before workspaces were added, so a
/// single-folder site is proven to build byte for byte as it did.
#[test]
fn a_single_folder_site_builds_byte_for_byte_as_before_workspaces() {
    let site = SiteTest::from_fixture("example-site");
    site.build();
    let tree = common::read_tree(&site.out());
    insta::assert_snapshot!(digests(&tree));
}
