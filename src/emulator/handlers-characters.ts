import { UploadedFile } from './body.js';
import { invalidParam, notFound } from './errors.js';
import { newCharacterId } from './ids.js';
import { missing, stringParam } from './params.js';
import { jsonReply, type HandlerContext, type Reply } from './state.js';

/** POST /videos/characters (multipart only: `name` and a `video` file). */
export function createCharacter(ctx: HandlerContext): Reply {
  if (ctx.body.kind !== 'multipart') {
    throw invalidParam(null, 'This endpoint only accepts multipart/form-data requests with a video file.');
  }
  const { params } = ctx.body;
  const name = stringParam(params, 'name', { required: true, min: 1, max: 80 })!;
  const video = params['video'];
  if (video === undefined) throw missing('video');
  if (!(video instanceof UploadedFile))
    throw invalidParam('video', "Invalid 'video': expected a file upload.", 'invalid_type');
  const character = { id: newCharacterId(), name, created_at: Math.floor(ctx.state.options.clock.now() / 1000) };
  ctx.state.characters.set(character.id, character);
  return jsonReply(character);
}

/** GET /videos/characters/{character_id}. */
export function getCharacter(ctx: HandlerContext): Reply {
  const id = ctx.params['character_id']!;
  const character = ctx.state.characters.get(id);
  if (character === undefined) throw notFound(`Character with id '${id}' not found.`, 'character_id');
  return jsonReply(character);
}
