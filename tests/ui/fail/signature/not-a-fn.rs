//! The attribute on a struct.

use fg_runtime::dis_handler;

#[dis_handler]
#[derive(Debug)]
struct Summary {
    records: usize,
}

fn main() {
    println!("{:?}", Summary { records: 0 });
}
