//! The pipeline every handler macro runs: parse → validate → expand, or the fallback when
//! the input has mistakes.

use proc_macro2::TokenStream;

use crate::args::Args;
use crate::errors::Errors;
use crate::model::{self, HandlerFn};
use crate::trigger::Trigger;
use crate::{expand, fallback, validate};

pub(crate) fn expand(trigger: Trigger, args: TokenStream, item: TokenStream) -> TokenStream {
    let item_fn = match model::parse_fn(trigger, item.clone()) {
        Ok(item_fn) => item_fn,
        Err(e) => return fallback::tokens_with_error(item, e), // not a fn: give it back untouched
    };
    let errors = Errors::new();
    let args = Args::parse(&errors, trigger, args);
    let model = HandlerFn::from_item(&errors, &item_fn, trigger);
    match validate::check(errors, &args, &model) {
        Ok(valid) => expand::handler(&valid, &args, &model, &item_fn),
        Err(e) => fallback::item_with_stub_main(&item_fn, e),
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::{TokenStream, TokenTree};
    use quote::quote;

    use super::expand;
    use crate::trigger::Trigger;

    /// The messages of the `compile_error!`s in an expansion, in order.
    fn messages(tokens: TokenStream) -> Vec<String> {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut found = Vec::new();
        for window in tokens.windows(3) {
            if let [
                TokenTree::Ident(ident),
                TokenTree::Punct(bang),
                TokenTree::Group(group),
            ] = window
                && ident == "compile_error"
                && bang.as_char() == '!'
            {
                let literal: syn::LitStr = syn::parse2(group.stream()).unwrap();
                found.push(literal.value());
            }
        }
        found
    }

    fn mistakes(args: TokenStream, item: TokenStream) -> Vec<String> {
        messages(expand(Trigger::Dis, args, item))
    }

    #[test]
    fn crate_names_where_fg_runtime_is() {
        let item = quote! {
            fn handle(event: DisEvent, ctx: &Context, db: &Db) -> usize { 0 }
        };
        let expanded =
            expand(Trigger::Dis, quote!(crate = ::my_fg, init = connect), item).to_string();
        assert!(!expanded.contains("compile_error"), "{expanded}");
        assert!(
            expanded.contains(":: my_fg :: run_with_state (:: my_fg :: __private :: Prepared ("),
            "{expanded}"
        );
        assert!(!expanded.contains("fg_runtime"), "{expanded}");
    }

    #[test]
    fn a_correct_handler_expands_to_the_item_and_main() {
        let item = quote! {
            /// Docs.
            #[inline]
            pub fn handle(event: DisEvent, ctx: &Context) -> Result<Summary, MyError> { unreachable_body() }
        };
        let expanded = expand(Trigger::Dis, quote!(), item.clone()).to_string();
        assert!(expanded.starts_with(&item.to_string()), "{expanded}");
        for part in [
            "fn main () -> :: std :: process :: ExitCode",
            "struct __FgEvent (DisEvent) ; impl :: fg_runtime :: Event for __FgEvent { fn decoder () -> :: fg_runtime :: __private :: Decoder < Self > { | __fg_body | (:: fg_runtime :: __private :: dis_decoder :: < DisEvent > ()) (__fg_body) . map (__FgEvent) } }",
            ":: fg_runtime :: run (| __fg_event : __FgEvent , __fg_ctx : & :: fg_runtime :: Context | {",
            "let __fg_output = handle (__fg_event . 0 , & * __fg_ctx) ;",
            ":: fg_runtime :: __private :: Answer (match __fg_output {",
            ":: core :: result :: Result :: Ok (__fg_value) =>",
            "fg_response_kind () . into_outcome (__fg_value)",
            "fg_error_kind () . into_diagnostic (__fg_error)",
        ] {
            assert!(expanded.contains(part), "missing `{part}` in {expanded}");
        }
        assert!(!expanded.contains("compile_error"));
    }

    #[test]
    fn an_async_handler_without_context_is_awaited() {
        let item = quote!(
            async fn handle(event: DisEvent) -> Summary {
                unreachable_body()
            }
        );
        let expanded = expand(Trigger::Dis, quote!(), item).to_string();
        for part in [
            ":: fg_runtime :: __private :: run_async (async | __fg_event : __FgEvent , _ : & :: fg_runtime :: Context | {",
            "let __fg_output = handle (__fg_event . 0) . await ;",
            "into_outcome (__fg_output)",
        ] {
            assert!(expanded.contains(part), "missing `{part}` in {expanded}");
        }
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        let found = mistakes(
            quote!(),
            quote!(
                unsafe extern "C" fn main<T>(event: &DisEvent, ctx: Context, extra: u8)
                where
                    T: Copy,
                {
                }
            ),
        );
        assert_eq!(
            found,
            [
                "`#[dis_handler]` cannot be used on an `unsafe fn`; remove `unsafe`",
                "`#[dis_handler]` cannot be used on an `extern` function; write a plain `fn` or `async fn`",
                "`#[dis_handler]` generates `main` itself, so the handler cannot be named `main`; rename it, e.g. `fn handle`",
                "`#[dis_handler]` functions cannot be generic; write the concrete types: `(event: DisEvent, ctx: &Context)`",
                "`#[dis_handler]` functions cannot have a `where` clause; write the concrete types: `(event: DisEvent, ctx: &Context)`",
                "`#[dis_handler]` passes the event by value; write `event: DisEvent`",
                "`#[dis_handler]` lends the context by reference; write `ctx: &Context`",
                "a third parameter receives the state that `init` builds once per instance; name the function that builds it, `#[dis_handler(init = connect)]` with `fn connect() -> Result<State, E>`, or remove the parameter",
            ]
        );
    }

    #[test]
    fn each_mistake_has_its_message() {
        let cases = [
            (
                quote!(),
                quote!(
                    fn handle() {}
                ),
                "needs the event as first parameter",
            ),
            (
                quote!(),
                quote!(
                    fn handle(&self, event: DisEvent) {}
                ),
                "cannot be used on a method",
            ),
            (
                quote!(),
                quote!(
                    fn handle(event: impl Into<DisEvent>) {}
                ),
                "not `impl Trait`",
            ),
            (
                quote!(),
                quote!(
                    fn handle(event: DisEvent, ctx: &impl Sized) {}
                ),
                "not `impl Trait`",
            ),
            (
                quote!(),
                quote!(
                    fn handle(event: DisEvent, ctx: &mut Context) {}
                ),
                "by shared reference",
            ),
            (
                quote!(foo),
                quote!(
                    fn handle(event: DisEvent) {}
                ),
                "unknown argument `foo`",
            ),
            (
                quote!(),
                quote!(
                    struct Summary;
                ),
                "applies to a function",
            ),
        ];
        for (args, item, expected) in cases {
            let found = mistakes(args, item.clone());
            assert!(
                found.len() == 1 && found[0].contains(expected),
                "{item}: expected one error containing `{expected}`, found {found:?}"
            );
        }
    }

    #[test]
    fn mistakes_keep_the_item_and_add_a_stub_main() {
        let item = quote!(
            fn handle() -> u8 {
                1
            }
        );
        let expanded = expand(Trigger::Dis, quote!(), item.clone()).to_string();
        assert!(expanded.starts_with(&item.to_string()));
        assert!(expanded.ends_with("fn main () { }"), "{expanded}");
    }

    #[test]
    fn a_non_function_is_given_back_without_main() {
        let item = quote!(
            struct Summary;
        );
        let expanded = expand(Trigger::Dis, quote!(), item.clone()).to_string();
        assert!(expanded.starts_with(&item.to_string()));
        assert!(!expanded.contains("fn main"), "{expanded}");
    }

    #[test]
    fn handler_decodes_any_payload_through_the_probe() {
        let item = quote!(
            fn handle(event: serde_json::Value) -> u8 {
                0
            }
        );
        let expanded = expand(Trigger::Any, quote!(), item).to_string();
        for part in [
            "use :: fg_runtime :: __private :: { RawEvent as _ , JsonEvent as _ } ;",
            "(& :: fg_runtime :: __private :: EventProbe :: < serde_json :: Value > :: new ()) . fg_event_kind () . decoder :: < serde_json :: Value > ()",
            "fg_response_kind () . into_outcome (__fg_output)",
        ] {
            assert!(expanded.contains(part), "missing `{part}` in {expanded}");
        }
    }

    #[test]
    fn apig_checks_the_event_and_the_response() {
        let item = quote!(
            async fn handle(event: ApigRequest) -> Result<ApigResponse, Error> {
                unreachable_body()
            }
        );
        let expanded = expand(Trigger::Apig, quote!(), item).to_string();
        for part in [
            "(:: fg_runtime :: __private :: apig_decoder :: < ApigRequest > ()) (__fg_body)",
            ":: fg_runtime :: __private :: run_async (async | __fg_event : __FgEvent ,",
            ":: core :: result :: Result :: Ok (__fg_value) => :: fg_runtime :: __private :: apig_response (__fg_value) ,",
            "fg_error_kind () . into_diagnostic (__fg_error)",
        ] {
            assert!(expanded.contains(part), "missing `{part}` in {expanded}");
        }
        assert!(!expanded.contains("fg_response_kind"), "{expanded}");
    }

    #[test]
    fn timer_checks_the_event() {
        let item = quote!(
            fn handle(event: TimerEvent) {}
        );
        let expanded = expand(Trigger::Timer, quote!(), item).to_string();
        assert!(
            expanded.contains(
                "(:: fg_runtime :: __private :: timer_decoder :: < TimerEvent > ()) (__fg_body)"
            ),
            "{expanded}"
        );
    }

    #[test]
    fn messages_name_the_macro_and_its_event() {
        let no_event = quote!(
            fn handle() -> u8 {
                0
            }
        );
        let cases = [
            (
                Trigger::Any,
                "`#[handler]` needs the event as first parameter: `(event: T)` or `(event: T, ctx: &Context)`, with `T` any `Deserialize` type",
            ),
            (
                Trigger::Apig,
                "`#[apig_handler]` needs the event as first parameter: `(event: ApigRequest)` or `(event: ApigRequest, ctx: &Context)`",
            ),
            (
                Trigger::Timer,
                "`#[timer_handler]` needs the event as first parameter: `(event: TimerEvent)` or `(event: TimerEvent, ctx: &Context)`",
            ),
        ];
        for (trigger, expected) in cases {
            let found = messages(expand(trigger, quote!(), no_event.clone()));
            assert!(
                found.len() == 1 && found[0].starts_with(expected),
                "{trigger:?}: expected `{expected}`, found {found:?}"
            );
        }
        let found = messages(expand(
            Trigger::Timer,
            quote!(x),
            quote!(
                fn handle(e: TimerEvent) {}
            ),
        ));
        assert_eq!(
            found,
            [
                "unknown argument `x` for `#[timer_handler]`; expected `init = <function>` or `shutdown = <function>` or `crate = <path to fg_runtime>`"
            ]
        );
    }

    #[test]
    fn init_hands_the_state_to_the_third_parameter() {
        let item = quote!(
            fn handle(event: DisEvent, ctx: &Context, db: &Db) -> u8 {
                0
            }
        );
        let expanded = expand(
            Trigger::Dis,
            quote!(init = db::connect, shutdown = close),
            item,
        )
        .to_string();
        for part in [
            ":: fg_runtime :: __private :: shutdown_hook (close) ;",
            ":: fg_runtime :: run_with_state (:: fg_runtime :: __private :: Prepared (|| {",
            "let __fg_init = db :: connect () ;",
            "into_init :: < Db , _ > (__fg_init)",
            "| __fg_event : __FgEvent , __fg_ctx : & :: fg_runtime :: Context , __fg_state : & Db |",
            "handle (__fg_event . 0 , & * __fg_ctx , __fg_state)",
        ] {
            assert!(expanded.contains(part), "missing `{part}` in {expanded}");
        }
        let item = quote!(
            async fn handle(event: DisEvent, ctx: &Context, db: &Db) -> u8 {
                0
            }
        );
        let expanded = expand(Trigger::Dis, quote!(init = connect), item).to_string();
        assert!(expanded.contains(
            ":: fg_runtime :: __private :: run_async_with_state (:: fg_runtime :: __private :: Prepared ("
        ));
        assert!(expanded.contains("handle (__fg_event . 0 , & * __fg_ctx , __fg_state) . await"));
    }

    #[test]
    fn init_and_the_state_parameter_come_together() {
        let cases = [
            (
                quote!(init = connect),
                quote!(
                    fn handle(event: DisEvent, ctx: &Context) {}
                ),
                "`init = connect` builds a state, but `handle` has no parameter to receive it; add a third parameter `state: &State` after `ctx: &Context`",
            ),
            (
                quote!(init = connect),
                quote!(
                    fn handle(event: DisEvent, ctx: &Context, db: Db) {}
                ),
                "`#[dis_handler]` lends the state by reference (it is built once and shared by every invocation); write `state: &State`",
            ),
            (
                quote!(init = connect),
                quote!(
                    fn handle(event: DisEvent, ctx: &Context, db: &mut Db) {}
                ),
                "`#[dis_handler]` lends the state by shared reference; write `state: &State`",
            ),
            (
                quote!(init = connect),
                quote!(
                    fn handle(event: DisEvent, ctx: &Context, db: &Db, n: u8) {}
                ),
                "`#[dis_handler]` functions take at most three parameters: `(event: DisEvent, ctx: &Context, state: &State)`, the state with `init = <function>`",
            ),
        ];
        for (args, item, expected) in cases {
            assert_eq!(mistakes(args, item.clone()), [expected], "{item}");
        }
    }

    #[test]
    fn apig_needs_a_return_type() {
        let found = messages(expand(
            Trigger::Apig,
            quote!(),
            quote!(
                fn handle(event: ApigRequest) {}
            ),
        ));
        assert_eq!(
            found,
            [
                "`#[apig_handler]` functions must return the response: add `-> ApigResponse` or `-> Result<ApigResponse, E>`"
            ]
        );
    }

    #[test]
    fn odd_input_never_panics() {
        for (args, item) in [
            (quote!(), quote!()),
            (quote!(=), quote!(fn)),
            (quote!(a = 1,,), quote!(#[x] #[y])),
            (
                quote!(),
                quote!(
                    fn handle(event: DisEvent, ...) {}
                ),
            ),
            (
                quote!(),
                quote!(
                    fn handle(event: DisEvent) -> Result {}
                ),
            ),
            (
                quote!(),
                quote!(
                    fn handle(event: DisEvent) -> <T as X>::Result {}
                ),
            ),
            (
                quote!(),
                quote!(
                    fn handle(event: DisEvent);
                ),
            ),
        ] {
            for trigger in [Trigger::Any, Trigger::Dis, Trigger::Apig, Trigger::Timer] {
                let _ = expand(trigger, args.clone(), item.clone());
            }
        }
    }
}
