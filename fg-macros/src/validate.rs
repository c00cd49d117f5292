//! The validate phase: rules that relate several parts of the input to each other or to
//! what the macro generates: the parameter list as a whole, the return type against the
//! trigger, and the attribute's arguments against the signature (`init` and the state
//! parameter go together).

use quote::{ToTokens, quote};
use syn::{Path, Type};

use crate::args::Args;
use crate::errors::Errors;
use crate::model::{HandlerFn, Output, contains_impl_trait};

/// What the expand phase needs, as validation established it: the event type, and the `init`
/// function with the state type it builds when the handler takes a state.
pub(crate) struct Valid<'a> {
    pub(crate) event: &'a Type,
    pub(crate) state: Option<(&'a Path, &'a Type)>,
    /// Where fg-runtime is, when `crate = …` names it (else `::fg_runtime`).
    pub(crate) runtime: Option<&'a Path>,
}

/// Every rule; `Ok` only when the input has no mistake at all (those of earlier phases are in
/// `errors` too).
pub(crate) fn check<'a>(
    errors: Errors,
    args: &'a Args,
    model: &HandlerFn<'a>,
) -> syn::Result<Valid<'a>> {
    let event = check_event(model);
    let state = check_state(args, model);
    check_rest(&errors, model);
    let valid = match (event, state) {
        (Ok(event), Ok(state)) => Ok(Valid {
            event,
            state,
            runtime: args.krate.as_ref().map(|(_, path)| path),
        }),
        (Err(error), Ok(_)) | (Ok(_), Err(error)) => Err(error),
        (Err(mut error), Err(other)) => {
            error.combine(other);
            Err(error)
        }
    };
    errors.finish_with(valid)
}

fn check_event<'a>(model: &HandlerFn<'a>) -> syn::Result<&'a Type> {
    let attribute = model.trigger.attribute();
    let signature = model.trigger.signature();
    // Spanned at `()` when missing: there is no parameter to point at.
    model.event.ok_or_else(|| {
        syn::Error::new(
            model.sig.paren_token.span.join(),
            format!(
                "{attribute} needs the event as first parameter: `({})` or {signature}{}",
                model.trigger.event_param(),
                model.trigger.event_note()
            ),
        )
    })
}

/// The parameter count and the return type against the trigger.
fn check_rest(errors: &Errors, model: &HandlerFn<'_>) {
    let attribute = model.trigger.attribute();
    if !model.extra.is_empty() {
        let extra = &model.extra;
        errors.at(
            quote!(#(#extra),*),
            format!(
                "{attribute} functions take at most three parameters: `({}, ctx: &Context, state: &State)`, the state with `init = <function>`",
                model.trigger.event_param()
            ),
        );
    }
    if let Some((_, response)) = model.trigger.response()
        && let Output::Unit = model.output
    {
        // Spanned at the whole signature: the missing return type has no token of its own.
        errors.at(
            model.sig,
            format!(
                "{attribute} functions must return the response: add `-> {response}` or `-> {}`",
                model.trigger.returns()
            ),
        );
    }
}

/// `init` and the third parameter come together: `init` builds the state the parameter
/// borrows.
fn check_state<'a>(
    args: &'a Args,
    model: &HandlerFn<'a>,
) -> syn::Result<Option<(&'a Path, &'a Type)>> {
    let attribute = model.trigger.attribute();
    let name = &model.sig.ident;
    match (&args.init, &model.state) {
        (None, None) => Ok(None),
        (Some((_, init)), None) => Err(syn::Error::new_spanned(
            init,
            format!(
                "`init = {}` builds a state, but `{name}` has no parameter to receive it; \
                 add a third parameter `state: &State` after `ctx: &Context`",
                init.to_token_stream().to_string().replace(' ', "")
            ),
        )),
        // The unreadable `init` is already reported.
        (None, Some(_)) if args.init_unreadable => Ok(None),
        (None, Some(state)) => {
            let macro_name = attribute.trim_start_matches("`#[").trim_end_matches("]`");
            Err(syn::Error::new_spanned(
                state.arg,
                format!(
                    "a third parameter receives the state that `init` builds once per instance; \
                     name the function that builds it, `#[{macro_name}(init = connect)]` with \
                     `fn connect() -> Result<State, E>`, or remove the parameter"
                ),
            ))
        }
        (Some((_, init)), Some(state)) => {
            let ty: &Type = state.ty;
            if contains_impl_trait(ty) {
                return Err(syn::Error::new_spanned(
                    ty,
                    format!(
                        "{attribute} needs the concrete state type, not `impl Trait`: `state: &State`"
                    ),
                ));
            }
            let how = match ty {
                Type::Reference(_) => "by shared reference",
                _ => "by reference (it is built once and shared by every invocation)",
            };
            let borrowed = state.borrowed().ok_or_else(|| {
                syn::Error::new_spanned(
                    ty,
                    format!("{attribute} lends the state {how}; write `state: &State`"),
                )
            })?;
            Ok(Some((init, borrowed)))
        }
    }
}
