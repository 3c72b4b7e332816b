import { Controller, Get, HttpCode, NotFoundException, Post, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { loginRequestSchema, type LoginRequest, type LoginResponse, type UserDto } from '@wachtpost/contracts';
import { ZodBody, jsonSchema } from '../../common/zod';
import { CurrentUser, Public, type AuthUser } from './auth.decorators';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in; returns a bearer token' })
  @ApiBody({ schema: jsonSchema(loginRequestSchema) })
  async login(@ZodBody(loginRequestSchema) body: LoginRequest): Promise<LoginResponse> {
    const result = await this.auth.login(body.username, body.password);
    if (!result) throw new UnauthorizedException('unknown user or wrong password');
    return result;
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in user' })
  async me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    const found = await this.auth.me(user.id);
    if (!found) throw new NotFoundException('user no longer exists');
    return found;
  }
}
