//! What the macro emits when the input has mistakes: the user's item as written (so the IDE
//! keeps working inside it), the errors, and a stub `main` that silences the secondary
//! "`main` function not found".

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

/// A function with mistakes: the function, the errors, and `fn main() {}` unless the
/// function is itself named `main` (a second `main` would add a "defined multiple times").
pub(crate) fn item_with_stub_main(item: &ItemFn, error: syn::Error) -> TokenStream {
    let error = error.into_compile_error();
    let stub_main = (item.sig.ident != "main").then(|| {
        quote!(
            fn main() {}
        )
    });
    quote! {
        #item
        #error
        #stub_main
    }
}

/// Not a function at all: the tokens untouched plus the error; no `main`, which could clash
/// with one the user wrote.
pub(crate) fn tokens_with_error(item: TokenStream, error: syn::Error) -> TokenStream {
    let error = error.into_compile_error();
    quote! {
        #item
        #error
    }
}
