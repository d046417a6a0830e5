import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, MaxLength, MinLength } from 'class-validator';
import { RULE_GRAMMAR } from '@app/targeting';

export const RULE_EXAMPLE = {
  all: [
    { criterion: 'MUSIC_TASTE', in: ['JAZZ', 'ROCK'] },
    { authorization: 'NEWSLETTER', is: true },
    { not: { field: 'email', contains: '@competitor.example' } },
  ],
};

export const RULE_DESCRIPTION = `A rule is one of:\n${RULE_GRAMMAR.map((line) => `- ${line}`).join('\n')}\n\nCodes are checked against the institution's criteria, values and authorizations when the target is saved; an unknown code or a malformed rule is a 400 naming its path (e.g. "rule.all[2].in").`;

/** Documents the recursive rule as an open object with the grammar in its description. */
export const ApiRule = () =>
  ApiProperty({ type: 'object', additionalProperties: true, description: RULE_DESCRIPTION, example: RULE_EXAMPLE });

export class CreateTargetDto {
  @ApiProperty({ example: 'Jazz lovers with the newsletter', maxLength: 255 })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  name: string;

  @ApiRule()
  // The shape is checked by validateRule, which names the path of the problem.
  @IsDefined({ message: 'rule is required, e.g. {"all": []} for every contact' })
  rule: unknown;
}
