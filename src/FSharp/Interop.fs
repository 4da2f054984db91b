/// Conversions between LanguageExt's Option and Seq and F#'s option and list. Open this module
/// rather than LanguageExt: under `open LanguageExt`, `Some 3` means LanguageExt's Some<T>.
module GitReload.FSharp.Interop

type LxOption<'a> = LanguageExt.Option<'a>
type LxSeq<'a> = LanguageExt.Seq<'a>

/// LanguageExt's Option as F#'s option.
// Not through Match: F#'s None is null, and LanguageExt refuses a Match that returns null.
let ofLx (value: LxOption<'a>) : 'a option =
    if value.IsSome then Some(value.IfNoneUnsafe(Unchecked.defaultof<'a>)) else None

/// F#'s option as LanguageExt's Option.
let toLx (value: 'a option) : LxOption<'a> =
    match value with
    | Some v -> LxOption<'a>.Some v
    | None -> LxOption<'a>.None

/// LanguageExt's Seq as an F# list.
let listOfLx (values: LxSeq<'a>) : 'a list = List.ofSeq values

/// An F# list as LanguageExt's Seq.
let lxOfList (values: 'a list) : LxSeq<'a> = LanguageExt.Prelude.toSeq (values :> seq<'a>)
