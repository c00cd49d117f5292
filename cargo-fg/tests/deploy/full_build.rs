//! The full path, with a real release build.

use super::*;

/// The full path: `deploy --example dis` builds what `cargo fg package --release` builds and
/// uploads exactly that zip.
#[test]
fn deploy_builds_and_uploads_what_package_release_builds() {
    let mock = MockApi::start(keys());
    let endpoint = mock.url();
    let deployed = run(
        &repo(),
        &[
            "deploy",
            "--example",
            "dis",
            "--name",
            "dis-example",
            "--endpoint",
            &endpoint,
            "--project-id",
            &mock.project_id,
        ],
    );
    deployed.expect_code(0);
    assert_signatures_ok(&mock);
    let packaged = run(&repo(), &["package", "--release", "--example", "dis"]);
    packaged.expect_code(0);
    let zip = std::fs::read(packaged.stdout.trim()).expect("read the packaged zip");
    assert_eq!(
        mock.state().code["dis-example"],
        zip,
        "deploy uploaded another zip"
    );
}
