//! The validate phase: rules that relate several parts of the input to each other or to
//! what the macro generates: the parameter list as a whole, the return type against the
//! trigger, and later the attribute's arguments against the signature.

use quote::quote;

use crate::args::Args;
use crate::errors::Errors;
use crate::model::{HandlerFn, Output};

pub(crate) fn check(errors: &Errors, _args: &Args, model: &HandlerFn<'_>) {
    let attribute = model.trigger.attribute();
    let signature = model.trigger.signature();
    if model.event.is_none() {
        // Spanned at `()`: there is no parameter to point at.
        errors.push(syn::Error::new(
            model.sig.paren_token.span.join(),
            format!(
                "{attribute} needs the event as first parameter: `({})` or {signature}{}",
                model.trigger.event_param(),
                model.trigger.event_note()
            ),
        ));
    }
    if !model.extra.is_empty() {
        let extra = &model.extra;
        errors.at(
            quote!(#(#extra),*),
            format!("{attribute} functions take at most two parameters: {signature}"),
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
