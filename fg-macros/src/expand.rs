//! The expand phase: the user's function unchanged, then a glue `main` that hands a closure
//! calling it to the public `::fg_runtime::run`/`run_with_state` (async handlers:
//! `::fg_runtime::__private::run_async`/`run_async_with_state`, the public ones re-exported,
//! or stand-ins naming the missing feature). The event type is wrapped in a local type whose
//! `Event` impl decodes as the trigger or the probes decide; the result is mapped by the probes
//! into `__private::Answer`. Every check happened earlier, so nothing here can fail; type errors
//! surface from the runtime's trait bounds, at spans borrowed from the user's types.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, ItemFn};

use crate::args::Args;
use crate::model::{HandlerFn, Output};
use crate::trigger::Trigger;
use crate::validate::Valid;

pub(crate) fn handler(
    valid: &Valid<'_>,
    args: &Args,
    model: &HandlerFn<'_>,
    item: &ItemFn,
) -> TokenStream {
    let rt = &valid
        .runtime
        .map_or_else(|| quote!(::fg_runtime), |path| quote!(#path));
    let event_ty = valid.event;
    let state = valid.state;
    let name = &model.sig.ident;
    let event = local("__fg_event");
    let output = local("__fg_output");
    let state_local = local("__fg_state");

    let decoder = decoder(rt, model, event_ty);
    let event_ty_name = local("__FgEvent");
    let event_arg = quote!(#event.0);
    let (ctx_param, call) = match model.context {
        Some(ctx_ty) => {
            let ctx = local("__fg_ctx");
            // A reborrow `&*__fg_ctx` running from the first to the last token of the user's
            // `&Context`, so a wrong context type is underlined there as a whole.
            let (first, last) = first_and_last(ctx_ty);
            let ctx_last = Ident::new("__fg_ctx", last);
            let ctx_arg = quote_spanned!(first=> &*#ctx_last);
            let call = match state {
                Some(_) => quote!(#name(#event_arg, #ctx_arg, #state_local)),
                None => quote!(#name(#event_arg, #ctx_arg)),
            };
            (quote!(#ctx), call)
        }
        None => (quote!(_), quote!(#name(#event_arg))),
    };
    let map = map_output(rt, model.trigger, &output, &model.output);
    let closure_params = match state {
        Some((_, state_ty)) => quote!(
            #event: #event_ty_name,
            #ctx_param: &#rt::Context,
            #state_local: &#state_ty
        ),
        None => quote!(#event: #event_ty_name, #ctx_param: &#rt::Context),
    };
    let init = state.map(|(init, state_ty)| {
        let init = init_closure(rt, init, state_ty);
        quote!(#rt::__private::Prepared(#init),)
    });
    // The entry point's own bounds are reported at the call: place it (path and parentheses)
    // at what they check rather than at the attribute: the `async` feature at the user's
    // `async`, a `Sync` state (container mode) at the state type, else at the event type.
    let run = if let Some(async_token) = &model.sig.asyncness {
        let span = at(async_token);
        let entry = Ident::new(
            if state.is_some() {
                "run_async_with_state"
            } else {
                "run_async"
            },
            span,
        );
        let rt = respan(rt, span);
        quote_spanned! {span=>
            #rt::__private::#entry(#init async |#closure_params| {
                let #output = #call.await;
                #rt::__private::Answer(#map)
            })
        }
    } else {
        let span = state.map_or_else(|| at(event_ty), |(_, state_ty)| at(state_ty));
        let entry = Ident::new(
            if state.is_some() {
                "run_with_state"
            } else {
                "run"
            },
            span,
        );
        let rt = respan(rt, span);
        quote_spanned! {span=>
            #rt::#entry(#init |#closure_params| {
                let #output = #call;
                #rt::__private::Answer(#map)
            })
        }
    };
    let shutdown = args.shutdown.as_ref().map(|(_, hook)| {
        let rt = respan(rt, at(hook));
        quote_spanned!(at(hook)=> #rt::__private::shutdown_hook(#hook);)
    });
    // The event type as an `Event` of its own, decoded as the trigger (or the probes) decide:
    // the public entry points then take it as they take any event.
    let event_impl = quote! {
        struct #event_ty_name(#event_ty);
        impl #rt::Event for #event_ty_name {
            fn decoder() -> #rt::__private::Decoder<Self> {
                |__fg_body| (#decoder)(__fg_body).map(#event_ty_name)
            }
        }
    };
    quote! {
        #item

        fn main() -> ::std::process::ExitCode {
            #event_impl
            #shutdown
            #run
        }
    }
}

/// The closure that runs the user's `init` and hands its result to the runtime: a `Result`
/// as it is, anything else (the future of an `async fn`) to be awaited. Spanned at the
/// user's path, so a wrong return type is reported there by the runtime's trait bounds.
fn init_closure(rt: &TokenStream, init: &syn::Path, state_ty: &syn::Type) -> TokenStream {
    let span = at(init);
    let rt = respan(rt, span);
    let value = local("__fg_init");
    quote_spanned! {span=>
        || {
            #[allow(unused_imports)]
            use #rt::__private::{ReadyInit as _, PendingInit as _};
            let #value = #init();
            (&#rt::__private::InitProbe::of(&#value))
                .fg_init_kind()
                .into_init::<#state_ty, _>(#value)
        }
    }
}

/// The function that decodes event bodies, spanned at the user's event type: a trigger's own
/// decoder, whose trait bound says when the type is not that trigger's event, or for any
/// payload `FromRawEvent` if implemented, else `Deserialize` (autoref specialization in
/// fg-runtime).
fn decoder(rt: &TokenStream, model: &HandlerFn<'_>, event_ty: &syn::Type) -> TokenStream {
    let span = at(event_ty);
    let rt = respan(rt, span);
    match model.trigger.decoder() {
        Some(decoder) => {
            let decoder = Ident::new(decoder, span);
            quote_spanned! {span=> #rt::__private::#decoder::<#event_ty>() }
        }
        None => quote_spanned! {span=>
            {
                #[allow(unused_imports)]
                use #rt::__private::{RawEvent as _, JsonEvent as _};
                (&#rt::__private::EventProbe::<#event_ty>::new()).fg_event_kind().decoder::<#event_ty>()
            }
        },
    }
}

/// `Outcome` from the handler's output: `Ok` values become the response body, `Err`s a
/// diagnostic. Each conversion is spanned at the written type it converts.
fn map_output(
    rt: &TokenStream,
    trigger: Trigger,
    output: &Ident,
    kind: &Output<'_>,
) -> TokenStream {
    match kind {
        Output::Unit => respond(rt, trigger, output, Span::call_site()),
        Output::Plain(ty) => respond(rt, trigger, output, at(ty)),
        Output::Fallible { ty, ok, err } => {
            let value = local("__fg_value");
            let error = local("__fg_error");
            let respond = respond(rt, trigger, &value, at(ok.unwrap_or(ty)));
            let diagnose = diagnose(rt, &error, at(err.unwrap_or(ty)));
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
fn respond(rt: &TokenStream, trigger: Trigger, value: &Ident, span: Span) -> TokenStream {
    let rt = respan(rt, span);
    if let Some((response, _)) = trigger.response() {
        let response = Ident::new(response, span);
        // rustc puts a bound error on a call's argument: the value, too, is located at the
        // user's return type (with the same call-site hygiene, so it is the same local).
        let value = Ident::new(&value.to_string(), span);
        return quote_spanned! {span=> #rt::__private::#response(#value) };
    }
    let value = Ident::new(&value.to_string(), span);
    quote_spanned! {span=>
        {
            #[allow(unused_imports)]
            use #rt::__private::{VerbatimResponse as _, JsonResponse as _};
            (&#rt::__private::Probe::of(&#value)).fg_response_kind().into_outcome(#value)
        }
    }
}

/// `IntoDiagnostic` if implemented, else `Display`.
fn diagnose(rt: &TokenStream, error: &Ident, span: Span) -> TokenStream {
    let rt = respan(rt, span);
    // Located at the user's error type, as the value in `respond`.
    let error = Ident::new(&error.to_string(), span);
    quote_spanned! {span=>
        {
            #[allow(unused_imports)]
            use #rt::__private::{CustomDiagnostic as _, DisplayDiagnostic as _};
            (&#rt::__private::Probe::of(&#error)).fg_error_kind().into_diagnostic(#error)
        }
    }
}

/// The path to fg-runtime located at `span` (with call-site hygiene, so it resolves where the
/// user wrote the attribute): generated calls are reported at the user's tokens, not at the
/// attribute. A path the user wrote (`crate = …`) keeps its own location, so that a wrong one
/// is reported there.
fn respan(rt: &TokenStream, span: Span) -> TokenStream {
    let located = Span::call_site().located_at(span);
    if rt.to_string() != ":: fg_runtime" {
        return rt.clone();
    }
    rt.clone()
        .into_iter()
        .map(|mut token| {
            token.set_span(located);
            token
        })
        .collect()
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
