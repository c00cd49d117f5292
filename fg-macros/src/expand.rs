//! The expand phase: the user's function unchanged, then a glue `main` that hands a closure
//! to `::fg_runtime::__private::run_sync`/`run_async`. Every check happened earlier, so
//! nothing here can fail; type errors surface from the runtime's trait bounds, at spans
//! borrowed from the user's types.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, ItemFn};

use crate::args::Args;
use crate::fallback;
use crate::model::{HandlerFn, Output};
use crate::trigger::Trigger;

pub(crate) fn handler(_args: &Args, model: &HandlerFn<'_>, item: &ItemFn) -> TokenStream {
    let Some(event_ty) = model.event else {
        let bug = "fg-macros bug: expand reached without an event parameter; please report it";
        return fallback::item_with_stub_main(item, syn::Error::new(Span::call_site(), bug));
    };
    let name = &model.sig.ident;
    let event = local("__fg_event");
    let output = local("__fg_output");

    let decoder = decoder(model, event_ty);
    let (ctx_param, call) = match model.context {
        Some(ctx_ty) => {
            let ctx = local("__fg_ctx");
            // A reborrow `&*__fg_ctx` running from the first to the last token of the user's
            // `&Context`, so a wrong context type is underlined there as a whole.
            let (first, last) = first_and_last(ctx_ty);
            let ctx_last = Ident::new("__fg_ctx", last);
            let ctx_arg = quote_spanned!(first=> &*#ctx_last);
            (quote!(#ctx), quote!(#name(#event, #ctx_arg)))
        }
        None => (quote!(_), quote!(#name(#event))),
    };
    let map = map_output(model.trigger, &output, &model.output);
    let closure_params = quote!(#event: #event_ty, #ctx_param: &::fg_runtime::Context);
    // The runtime entry's own bounds (`T: DeserializeOwned`, the `async` feature) are
    // reported at the call: place it (path and parentheses) at the user's `async` or event
    // type rather than at the attribute.
    let run = if let Some(async_token) = &model.sig.asyncness {
        let closure = quote! {
            |#closure_params| ::std::boxed::Box::pin(async move {
                let #output = #call.await;
                #map
            })
        };
        quote_spanned!(at(async_token)=> ::fg_runtime::__private::run_async(#decoder, #closure))
    } else {
        let closure = quote! {
            |#closure_params| {
                let #output = #call;
                #map
            }
        };
        quote_spanned!(at(event_ty)=> ::fg_runtime::__private::run_sync(#decoder, #closure))
    };
    quote! {
        #item

        fn main() -> ::std::process::ExitCode {
            #run
        }
    }
}

/// The function that decodes event bodies, spanned at the user's event type: a trigger's own
/// decoder, whose trait bound says when the type is not that trigger's event, or for any
/// payload `FromRawEvent` if implemented, else `Deserialize` (autoref specialization in
/// fg-runtime).
fn decoder(model: &HandlerFn<'_>, event_ty: &syn::Type) -> TokenStream {
    let span = at(event_ty);
    match model.trigger.decoder() {
        Some(decoder) => {
            let decoder = Ident::new(decoder, span);
            quote_spanned! {span=> ::fg_runtime::__private::#decoder::<#event_ty>() }
        }
        None => quote_spanned! {span=>
            {
                #[allow(unused_imports)]
                use ::fg_runtime::__private::{RawEvent as _, JsonEvent as _};
                (&::fg_runtime::__private::EventProbe::<#event_ty>::new()).fg_event_kind().decoder::<#event_ty>()
            }
        },
    }
}

/// `Outcome` from the handler's output: `Ok` values become the response body, `Err`s a
/// diagnostic. Each conversion is spanned at the written type it converts.
fn map_output(trigger: Trigger, output: &Ident, kind: &Output<'_>) -> TokenStream {
    match kind {
        Output::Unit => respond(trigger, output, Span::call_site()),
        Output::Plain(ty) => respond(trigger, output, at(ty)),
        Output::Fallible { ty, ok, err } => {
            let value = local("__fg_value");
            let error = local("__fg_error");
            let respond = respond(trigger, &value, at(ok.unwrap_or(ty)));
            let diagnose = diagnose(&error, at(err.unwrap_or(ty)));
            quote! {
                match #output {
                    ::core::result::Result::Ok(#value) => #respond,
                    ::core::result::Result::Err(#error) => ::core::result::Result::Err(#diagnose),
                }
            }
        }
    }
}

/// The trigger's own response function, whose trait bound says when the type is not a
/// response of that trigger; else `IntoResponse` if implemented, else `Serialize` as JSON
/// (autoref specialization in fg-runtime).
fn respond(trigger: Trigger, value: &Ident, span: Span) -> TokenStream {
    if let Some((response, _)) = trigger.response() {
        let response = Ident::new(response, span);
        // rustc puts a bound error on a call's argument: the value, too, is located at the
        // user's return type (with the same call-site hygiene, so it is the same local).
        let value = Ident::new(&value.to_string(), span);
        return quote_spanned! {span=> ::fg_runtime::__private::#response(#value) };
    }
    quote_spanned! {span=>
        {
            #[allow(unused_imports)]
            use ::fg_runtime::__private::{VerbatimResponse as _, JsonResponse as _};
            (&::fg_runtime::__private::Probe::of(&#value)).fg_response_kind().into_outcome(#value)
        }
    }
}

/// `IntoDiagnostic` if implemented, else `Display`.
fn diagnose(error: &Ident, span: Span) -> TokenStream {
    quote_spanned! {span=>
        {
            #[allow(unused_imports)]
            use ::fg_runtime::__private::{CustomDiagnostic as _, DisplayDiagnostic as _};
            (&::fg_runtime::__private::Probe::of(&#error)).fg_error_kind().into_diagnostic(#error)
        }
    }
}

/// A generated local: call-site hygiene, so it never clashes with the user's names.
fn local(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The locations of the first and last of the user's tokens, with call-site hygiene.
fn first_and_last(tokens: &impl ToTokens) -> (Span, Span) {
    let mut spans = tokens
        .to_token_stream()
        .into_iter()
        .map(|token| token.span());
    let first = spans.next().unwrap_or_else(Span::call_site);
    let last = spans.last().unwrap_or(first);
    let hygienic = |span| Span::call_site().located_at(span);
    (hygienic(first), hygienic(last))
}

/// The location of the user's tokens with call-site hygiene, for generated code whose
/// errors should point at what the user wrote.
fn at(tokens: &impl Spanned) -> Span {
    Span::call_site().located_at(tokens.span())
}
