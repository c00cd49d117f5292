use fg_runtime::dis_handler;

#[dis_handler]
fn handle() -> usize {
    0
}
